using System.Net;
using Bot.TestSupport;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram.Tests;

public sealed class HostEndpointsTests
{
    [Fact]
    public async Task Polling_WithUrls_ServesHealthReadinessAndMetrics()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        var address = bot.Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        using var http = new HttpClient { BaseAddress = new Uri(address) };

        bot.Api.EnqueueText(5001, "华为青浦研发中心建得怎么样了？");
        await bot.Api.WaitForCallsAsync("sendMessage", 1);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        var metrics = await http.GetStringAsync("/metrics");
        // At least this question: .NET meters are process-wide, so hosts of other tests running at once add theirs.
        Assert.Matches(@"bot_questions_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Matches(@"bot_answered_total(\{[^}]*\})? [1-9]", metrics);
        Assert.Contains("bot_answer_duration_seconds_bucket", metrics);
        Assert.Matches(@"bot_articles(\{[^}]*\})? [1-9]", metrics);
    }

    [Fact]
    public async Task Polling_WithoutUrls_OpensNoPort()
    {
        await using var bot = await TelegramHost.StartAsync();

        var addresses = bot.Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        Assert.True(addresses is null || addresses.Addresses.Count == 0);
    }
}
