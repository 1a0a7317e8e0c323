using System.Net;
using System.Text.RegularExpressions;
using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Host.Tests;

public sealed class HostEndpointsTests
{
    [Fact]
    public async Task Polling_WithUrls_ServesHealthReadinessAndMetrics()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        using var http = new HttpClient { BaseAddress = bot.Address };

        bot.Api.EnqueueText(5001, "华为青浦研发中心建得怎么样了？");
        await bot.Api.WaitForCallsAsync("sendMessage", 1);

        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/healthz")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/readyz")).StatusCode);
        var metrics = await http.GetStringAsync("/metrics");
        // This host's figures only, though hosts of other tests run at once in this process with meters of the same name.
        var articles = bot.Host.Services.GetRequiredService<IKnowledgeStore>().Current.Articles.Count;
        // The seed page is split into its three articles.
        Assert.Equal(3, articles);
        AssertMetric(metrics, "bot_questions_total", 1);
        AssertMetric(metrics, "bot_answered_total", 1);
        Assert.Contains("bot_answer_duration_seconds_bucket", metrics);
        AssertMetric(metrics, "bot_articles", articles);
        Assert.Single(Regex.Matches(metrics, @"(?m)^bot_articles[{ ]"));
    }

    [Fact]
    public async Task Readyz_NamesTheCheckThatFails_With503_WhileHealthzSaysOk()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" },
            services: s => s.AddHealthChecks().AddCheck("probe", () => HealthCheckResult.Unhealthy(), [HealthTags.Ready]));
        using var http = new HttpClient { BaseAddress = bot.Address };
        bot.Api.EnqueueText(5001, "华为青浦研发中心建得怎么样了？");
        await bot.Api.WaitForCallsAsync("sendMessage", 1);

        using var ready = await http.GetAsync("/readyz");
        using var live = await http.GetAsync("/healthz");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
        Assert.Equal("not ready: probe\n", await ready.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);
        Assert.Equal("ok\n", await live.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Readyz_OnceTheKnowledgeIsLoaded_SaysReady()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
        using var http = new HttpClient { BaseAddress = bot.Address };
        bot.Api.EnqueueText(5001, "华为青浦研发中心建得怎么样了？");
        await bot.Api.WaitForCallsAsync("sendMessage", 1);

        using var ready = await http.GetAsync("/readyz");

        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("ready\n", await ready.Content.ReadAsStringAsync());
        Assert.Equal("text/plain; charset=utf-8", ready.Content.Headers.ContentType?.ToString());
    }

    [Fact]
    public async Task Metrics_AreThisHostsOwn_WhenAnotherHostRunsInTheSameProcess()
    {
        var empty = Directory.CreateTempSubdirectory("bot-metrics-");
        try
        {
            await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Urls"] = "http://127.0.0.1:0" });
            // Started after this host, with no articles: its measurements and gauges are the ones an exporter hears last.
            await using var other = await TelegramHost.StartAsync(knowledgePath: empty.FullName);
            other.Api.EnqueueText(5002, "华为青浦研发中心建得怎么样了？");
            other.Api.EnqueueText(5003, "上海今天的天气怎么样？");
            await other.Api.WaitForCallsAsync("sendMessage", 2);
            bot.Api.EnqueueText(5001, "华为青浦研发中心建得怎么样了？");
            await bot.Api.WaitForCallsAsync("sendMessage", 1);

            using var http = new HttpClient { BaseAddress = bot.Address };
            var metrics = await http.GetStringAsync("/metrics");

            var articles = bot.Host.Services.GetRequiredService<IKnowledgeStore>().Current.Articles.Count;
            AssertMetric(metrics, "bot_articles", articles);
            AssertMetric(metrics, "bot_questions_total", 1);
        }
        finally
        {
            empty.Delete(recursive: true);
        }
    }

    [Fact]
    public async Task Polling_WithoutUrls_OpensNoPort()
    {
        await using var bot = await TelegramHost.StartAsync();

        var addresses = bot.Host.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>();
        Assert.True(addresses is null || addresses.Addresses.Count == 0);
    }

    // A line "name{labels} value" (the value exact, a timestamp may follow) of the Prometheus text.
    private static void AssertMetric(string metrics, string name, long value) =>
        Assert.Matches($@"(?m)^{name}(\{{[^}}]*\}})? {value}( |$)", metrics);
}
