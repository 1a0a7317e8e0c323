using Bot.TestSupport;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

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
