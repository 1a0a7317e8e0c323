using Bot.Core.State;
using Bot.Telegram;
using Bot.Telegram.Webhook;
using Bot.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Host.Tests;

// Telegram:Mode (and Urls) decide, from the bound options when the services are resolved, how updates arrive and
// whether a web server listens.
public sealed class HostModeTests
{
    private static Dictionary<string, string?> Settings(params (string Key, string Value)[] more)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Knowledge:Path"] = RepoPaths.SeedKnowledge,
            ["Knowledge:IndexPath"] = "memory",
        };
        foreach (var (key, value) in more)
            settings[key] = value;
        return settings;
    }

    private static bool Listens(IServiceProvider services) => services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>() is not null;

    [Fact]
    public void Polling_WithoutUrls_PollsAndOpensNoPort()
    {
        using var host = BotHost.CreateBuilder([], Settings()).Build();

        var hosted = host.Services.GetServices<IHostedService>().ToList();

        Assert.False(host.Services.GetRequiredService<UpdateIntake>().FromQueue);
        Assert.Single(hosted.OfType<PollingService>());
        Assert.Empty(hosted.OfType<WebhookService>());
        Assert.False(Listens(host.Services));
    }

    [Fact]
    public void Polling_WithUrls_ServesTheEndpoints()
    {
        using var host = BotHost.CreateBuilder([], Settings(("Urls", "http://127.0.0.1:0"))).Build();

        Assert.Single(host.Services.GetServices<IHostedService>().OfType<PollingService>());
        Assert.True(Listens(host.Services));
    }

    [Fact]
    public void Webhook_TakesUpdatesFromTheQueueAndListens()
    {
        using var host = BotHost.CreateBuilder([], Settings(("Telegram:Mode", "Webhook"), ("Telegram:WebhookUrl", "https://bot.example.org/update"),
            ("Telegram:WebhookSecret", "s"))).Build();

        var hosted = host.Services.GetServices<IHostedService>().ToList();

        Assert.True(host.Services.GetRequiredService<UpdateIntake>().FromQueue);
        Assert.Single(hosted.OfType<WebhookService>());
        Assert.Empty(hosted.OfType<PollingService>());
        Assert.True(Listens(host.Services));
    }
}
