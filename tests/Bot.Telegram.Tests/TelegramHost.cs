using Bot.Core;
using Bot.Core.Hosting;
using Bot.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Telegram.Tests;

/// <summary>
/// The Telegram front end as it is registered (<see cref="TelegramServiceCollectionExtensions.AddTelegramFrontEnd"/> over
/// the core), in a generic host pointed at a fake Bot API server on loopback. The host's own wiring (endpoints, webhook
/// route, shutdown time) is tested in Bot.Host.Tests.
/// </summary>
internal sealed class TelegramHost : IAsyncDisposable
{
    private TelegramHost(FakeBotApiServer api, IHost host)
    {
        Api = api;
        Host = host;
    }

    public FakeBotApiServer Api { get; }

    public IHost Host { get; }

    /// <summary>
    /// Starts the host; with <paramref name="time"/>, every wait of the bot (retries, back-offs, edits) is on that clock;
    /// <paramref name="services"/> replaces services after the bot's own registrations.
    /// </summary>
    public static async Task<TelegramHost> StartAsync(string? knowledgePath = null, IDictionary<string, string?>? settings = null, TimeProvider? time = null,
        Action<FakeBotApiServer>? beforeStart = null, Action<IServiceCollection>? services = null)
    {
        var api = await FakeBotApiServer.StartAsync();
        beforeStart?.Invoke(api);
        var overrides = api.HostSettings(knowledgePath, settings);
        // The settings the host reads (the repository's appsettings.json, then these), without the host's endpoints.
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { ContentRootPath = ContentRoot.Find() });
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Services.AddBotCore(builder.Configuration);
        builder.Services.AddTelegramFrontEnd(builder.Configuration);
        if (time is not null)
            builder.Services.AddSingleton(time);
        // Seams a test puts in place of the real ones (an OCR engine), registered last so that they win.
        services?.Invoke(builder.Services);
        var host = builder.Build();
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
