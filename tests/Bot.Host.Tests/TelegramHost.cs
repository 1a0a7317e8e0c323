using Bot.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Host.Tests;

/// <summary>The real host wiring (<see cref="BotHost"/>) pointed at a fake Bot API server on loopback.</summary>
internal sealed class TelegramHost : IAsyncDisposable
{
    private TelegramHost(FakeBotApiServer api, IHost host)
    {
        Api = api;
        Host = host;
    }

    public FakeBotApiServer Api { get; }

    public IHost Host { get; }

    /// <summary>Where the host's HTTP endpoints listen (set <c>Urls</c> when starting it).</summary>
    public Uri Address => new(Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single());

    /// <summary>
    /// Starts the host; with <paramref name="time"/>, every wait of the bot (retries, back-offs, edits) is on that clock;
    /// <paramref name="services"/> adds to the host's services.
    /// </summary>
    public static async Task<TelegramHost> StartAsync(string? knowledgePath = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<FakeBotApiServer>? beforeStart = null, Action<IServiceCollection>? services = null)
    {
        var api = await FakeBotApiServer.StartAsync();
        beforeStart?.Invoke(api);
        var overrides = api.HostSettings(knowledgePath, settings);
        var builder = BotHost.CreateBuilder([], overrides);
        if (time is not null)
            builder.Services.AddSingleton(time);
        services?.Invoke(builder.Services);
        var host = BotHost.Build(builder);
        await host.StartAsync();
        return new TelegramHost(api, host);
    }

    public async ValueTask DisposeAsync()
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await Host.StopAsync(cts.Token);
        Host.Dispose();
        await Api.DisposeAsync();
    }
}
