using Bot.Core.Newsroom;
using Bot.Core.Options;
using Bot.TestSupport;
using MsOptions = Microsoft.Extensions.Options.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Newsroom;

public sealed class SqliteNewsroomStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2024, 1, 10, 0, 0, 0, TimeSpan.Zero));

    public void Dispose() => _folder.Dispose();

    private SqliteNewsroomStore Store(string? path = null) => new(
        MsOptions.Create(new SubscriptionOptions { Path = path ?? Path.Combine(_folder.Path, "newsroom.db") }),
        MsOptions.Create(new KnowledgeOptions { IndexPath = "memory" }), _time);

    private AddedArticle Article(string id) => new($"{id}#0", id, "标题" + id, new DateOnly(2024, 1, 9), "第一句。", "news.jsonl", _time.GetUtcNow());

    [Fact]
    public async Task Subscribe_StopsAtTheLimit_AndKnowsWhatTheChatHas()
    {
        using var store = Store();
        Assert.Equal(SubscribeResult.Added, await store.SubscribeAsync(1, "华为", 2));
        Assert.Equal(SubscribeResult.AlreadyThere, await store.SubscribeAsync(1, "华为", 2));
        Assert.Equal(SubscribeResult.Added, await store.SubscribeAsync(1, "熊猫", 2));
        Assert.Equal(SubscribeResult.TooMany, await store.SubscribeAsync(1, "地铁", 2));
        Assert.Equal(SubscribeResult.Added, await store.SubscribeAsync(2, "地铁", 2));
        Assert.Equal(["华为", "熊猫"], await store.SubscriptionsAsync(1));
        Assert.True(await store.UnsubscribeAsync(1, "华为"));
        Assert.False(await store.UnsubscribeAsync(1, "华为"));
        await store.ForgetChatAsync(2);
        Assert.Equal([new Subscription(1, "熊猫")], await store.AllSubscriptionsAsync());
    }

    [Fact]
    public async Task RecordAdded_OnlyOnce_AndPushesStayOwedUntilAcknowledged()
    {
        using var store = Store();
        Assert.Null(await store.UnseenAsync("k", ["a#0"]));
        await store.MarkSeenAsync("k", ["a#0"]);
        Assert.Equal(["b#0"], await store.UnseenAsync("k", ["a#0", "b#0"]));

        var b = Article("b");
        Assert.Single(await store.RecordAddedAsync("k", [b], [new PendingPush(7, "标题", b)]));
        Assert.Empty(await store.RecordAddedAsync("k", [b], [new PendingPush(7, "标题", b)]));
        Assert.Equal(7, Assert.Single(await store.PendingAsync()).Chat);

        var token = await store.TryClaimAsync(7, TimeSpan.FromSeconds(30));
        Assert.NotNull(token);
        Assert.Null(await store.TryClaimAsync(7, TimeSpan.FromSeconds(30)));
        await store.AcknowledgeAsync(7, token, ["b#0"]);
        await store.ReleaseAsync(7, token);
        Assert.Empty(await store.PendingAsync());
        Assert.NotNull(await store.TryClaimAsync(7, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Digest_AdvancesOncePerDueTime()
    {
        using var store = Store();
        var due = new DigestSchedule(5, new TimeOnly(8, 0), _time.GetUtcNow(), _time.GetUtcNow().AddDays(-1));
        await store.SetDigestAsync(5, due);
        var next = due with { NextDue = due.NextDue.AddDays(1), Since = due.NextDue };
        Assert.True(await store.TryAdvanceDigestAsync(due, next));
        Assert.False(await store.TryAdvanceDigestAsync(due, next));
        Assert.Equal(next, Assert.Single(await store.DigestsAsync()));
    }

    [Fact]
    public async Task DamagedFile_IsMovedAside_AndANewOneStarted()
    {
        var path = _folder.Write("newsroom.db", new string('x', 4096));
        using var store = Store(path);

        Assert.Equal(SubscribeResult.Added, await store.SubscribeAsync(1, "华为", 20));
        Assert.Single(Directory.GetFiles(_folder.Path, "newsroom.db.broken-*"));
    }
}
