using Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Host.Tests;

public sealed class HostExitTests : IAsyncLifetime
{
    private FakeBotApiServer _api = null!;

    public async Task InitializeAsync() => _api = await FakeBotApiServer.StartAsync();

    public async Task DisposeAsync() => await _api.DisposeAsync();

    private WebApplicationBuilder Builder() => BotHost.CreateBuilder([], _api.HostSettings());

    [Fact]
    public async Task BackgroundServiceFailure_StopsTheHost_WithANonZeroExitCode()
    {
        var builder = Builder();
        builder.Services.AddHostedService<FailingService>();
        await using var host = BotHost.Build(builder);

        var code = await HostExit.RunAsync(host);

        Assert.Equal(HostExit.BackgroundFailure, code);
    }

    [Fact]
    public async Task HostStoppedAsAnOperatorWould_ExitsZero()
    {
        await using var host = BotHost.Build(Builder());
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        lifetime.ApplicationStarted.Register(lifetime.StopApplication);

        var code = await HostExit.RunAsync(host);

        Assert.Equal(0, code);
    }

    [Fact]
    public async Task PortAlreadyInUse_ExitsWithOneLine_AndNoServiceCountedAsFailed()
    {
        using var taken = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        taken.Start();
        var address = $"http://127.0.0.1:{((System.Net.IPEndPoint)taken.LocalEndpoint).Port}";
        var builder = BotHost.CreateBuilder([], _api.HostSettings(settings: [new("Urls", address)]));
        var logs = new ListLoggerProvider();
        builder.Logging.AddProvider(logs);
        int code;
        await using (var host = BotHost.Build(builder))
            code = await HostExit.RunAsync(host);

        Assert.Equal(HostExit.StartFailure, code);
        Assert.Contains(logs.Lines, l => l.StartsWith("Critical Bot.Host: Could not start (IOException: Failed to bind to address " + address, StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("BackgroundService failed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task HostDisposedWithoutAStop_EveryBackgroundServiceEndsQuietly()
    {
        // As after a failed start: the program disposes the host, which cancels the services without a stop. A service that
        // then throws its cancellation is logged by the host as "BackgroundService failed" and stops the host as fatal.
        var host = BotHost.Build(Builder());
        await host.StartAsync();
        var services = host.Services.GetServices<IHostedService>().OfType<BackgroundService>().ToList();
        await Task.Delay(200); // each service into its wait

        await host.DisposeAsync();

        foreach (var service in services)
        {
            var ended = service.ExecuteTask!;
            await ((Task)ended).ContinueWith(_ => { }, TaskScheduler.Default).WaitAsync(TimeSpan.FromSeconds(30));
            Assert.True(ended.IsCompletedSuccessfully, $"{service.GetType().Name} ended {ended.Status}");
        }
    }

    [Fact]
    public async Task StoppedWhileStarting_ExitsZero()
    {
        // As SIGTERM during a long start (a rolling restart while the knowledge loads).
        var builder = Builder();
        builder.Services.AddHostedService<SlowStart>();
        await using var host = BotHost.Build(builder);
        var lifetime = host.Services.GetRequiredService<IHostApplicationLifetime>();
        var started = host.Services.GetServices<IHostedService>().OfType<SlowStart>().Single().Starting;
        _ = started.ContinueWith(_ => lifetime.StopApplication(), TaskScheduler.Default);

        var code = await HostExit.RunAsync(host).WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal(0, code);
    }

    // A part whose start takes until the host is stopped.
    private sealed class SlowStart : IHostedService
    {
        private readonly TaskCompletionSource _starting = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public Task Starting => _starting.Task;

        public async Task StartAsync(CancellationToken cancellationToken)
        {
            _starting.TrySetResult();
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // A required part whose work fails after start.
    private sealed class FailingService : BackgroundService
    {
        protected override async Task ExecuteAsync(CancellationToken stoppingToken)
        {
            await Task.Yield();
            throw new InvalidOperationException("a required part failed");
        }
    }
}
