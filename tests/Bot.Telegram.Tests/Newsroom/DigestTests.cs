using Bot.Core.Indexing;
using Bot.Core.Newsroom;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Telegram.Tests.Newsroom;

public sealed class DigestTests : IDisposable
{
    private const long Chat = 300;
    private readonly TempFolder _knowledge = new();

    public DigestTests() => SyntheticNews.WriteThreeStories(_knowledge);

    public void Dispose() => _knowledge.Dispose();

    private static List<string> Digests(TelegramHost host) =>
        host.Api.SentMessages(Chat).Where(m => m.ReplyTo is null).Select(m => m.Text).ToList();

    [Fact]
    public async Task Digest_IsSentAtItsTimeInTheAnsweringZone_ListingTen_AndNothingOnADayWithoutNewArticles()
    {
        // 07:00 in Shanghai (UTC+8).
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 9, 23, 0, 0, TimeSpan.Zero));
        await using var host = await TelegramHost.StartAsync(_knowledge.Path, new Dictionary<string, string?>
        {
            ["Knowledge:Watch"] = "false",
            // The clock jumps while a send is in flight: the send's give-up time must lie beyond the jumps.
            ["Telegram:SendRetrySeconds"] = "3600",
        }, time);
        await host.SettledAsync();
        Assert.Contains("08:00", await host.CommandAsync(Chat, "/digest 08:00"));

        _knowledge.WriteJsonl("day.jsonl", Enumerable.Range(1, 12).Select(i => (object)new { id = $"d{i}", title = $"今日新闻第{i}条", date = "2024-01-10", text = $"第{i}条新闻的内容。" }).ToArray());
        await host.Host.Services.GetRequiredService<IKnowledgeStore>().LoadAsync();
        await host.Host.Services.GetRequiredService<IArticleFeed>().SettledAsync();

        await time.AdvanceUntilAsync(TimeSpan.FromMinutes(2), () => Digests(host).Count > 0);

        Assert.True(time.GetUtcNow() >= new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.Zero));
        var digest = Assert.Single(Digests(host));
        Assert.Contains("12 篇", digest);
        Assert.Equal(10, digest.Split('\n').Count(l => l.StartsWith("• ", StringComparison.Ordinal)));
        Assert.Contains("更多：2 篇", digest);

        // The next day: due again at 08:00, nothing added since, nothing sent.
        var store = host.Store();
        await time.AdvanceUntilAsync(TimeSpan.FromMinutes(30),
            () => store.DigestsAsync().GetAwaiter().GetResult().Single().NextDue >= new DateTimeOffset(2024, 1, 12, 0, 0, 0, TimeSpan.Zero), maxSteps: 200);
        Assert.Single(Digests(host));

        Assert.Contains("关闭", await host.CommandAsync(Chat, "/digest off"));
        Assert.Empty(await store.DigestsAsync());
    }
}
