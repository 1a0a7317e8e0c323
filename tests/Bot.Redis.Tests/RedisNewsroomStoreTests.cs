using Bot.Core.Newsroom;
using Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Redis.Tests;

/// <summary>The newsroom's Redis store, two instances over one real Redis standing for two replicas.</summary>
public sealed class RedisNewsroomStoreTests : RedisTest
{
    private RedisState _one = null!;
    private RedisState _two = null!;

    protected override Task StartAsync()
    {
        _one = new(Options.Create(new StateOptions { Redis = Redis.Configuration, KeyPrefix = Prefix }), NullLogger<RedisState>.Instance);
        _two = new(Options.Create(new StateOptions { Redis = Redis.Configuration, KeyPrefix = Prefix }), NullLogger<RedisState>.Instance);
        return Task.CompletedTask;
    }

    protected override ValueTask StopAsync()
    {
        _one.Dispose();
        _two.Dispose();
        return ValueTask.CompletedTask;
    }

    private static RedisNewsroomStore Store(RedisState state) => new(state, Options.Create(new SubscriptionOptions()), TimeProvider.System);

    private static AddedArticle Article(string id) => new($"{id}#0", id, "标题" + id, new DateOnly(2024, 1, 9), "第一句。", "news.jsonl", DateTimeOffset.UtcNow);

    [RedisFact]
    public async Task Subscriptions_AreSharedAndBounded()
    {
        var (one, two) = (Store(_one), Store(_two));
        Assert.Equal(SubscribeResult.Added, await one.SubscribeAsync(1, "华为", 2));
        Assert.Equal(SubscribeResult.AlreadyThere, await two.SubscribeAsync(1, "华为", 2));
        Assert.Equal(SubscribeResult.Added, await two.SubscribeAsync(1, "华为 手机", 2));
        Assert.Equal(SubscribeResult.TooMany, await one.SubscribeAsync(1, "熊猫", 2));
        Assert.Equal(["华为", "华为 手机"], await two.SubscriptionsAsync(1));
        Assert.True(await two.UnsubscribeAsync(1, "华为"));
        Assert.False(await one.UnsubscribeAsync(1, "华为"));
        Assert.Equal([new Subscription(1, "华为 手机")], await one.AllSubscriptionsAsync());
    }

    [RedisFact]
    public async Task Article_LoadedByBothReplicas_IsRecordedAndOwedByOne_AndAClaimIsOneReplicasAtATime()
    {
        var (one, two) = (Store(_one), Store(_two));
        Assert.Null(await one.UnseenAsync("k", ["a#0"]));
        await one.MarkSeenAsync("k", ["a#0"]);
        Assert.Equal(["b#0"], await two.UnseenAsync("k", ["a#0", "b#0"]));

        var b = Article("b");
        var first = one.RecordAddedAsync("k", [b], [new PendingPush(7, "标题", b)]);
        var second = two.RecordAddedAsync("k", [b], [new PendingPush(7, "标题", b)]);
        Assert.Equal(1, (await first).Count + (await second).Count);
        var owed = Assert.Single(await two.PendingAsync());
        Assert.Equal((7L, "b", "标题"), (owed.Chat, owed.Article.Id, owed.Words));

        var token = await one.TryClaimAsync(7, TimeSpan.FromSeconds(30));
        Assert.NotNull(token);
        Assert.Null(await two.TryClaimAsync(7, TimeSpan.FromSeconds(30)));
        await two.AcknowledgeAsync(7, "not-the-token", ["b#0"]);
        Assert.Equal(["b#0"], await two.OwedAsync(7, ["b#0"]));
        await one.AcknowledgeAsync(7, token, ["b#0"]);
        await one.ReleaseAsync(7, token);
        Assert.Empty(await two.OwedAsync(7, ["b#0"]));
        Assert.Empty(await two.PendingAsync());
        Assert.NotNull(await two.TryClaimAsync(7, TimeSpan.FromSeconds(30)));

        var (listed, total) = await two.AddedBetweenAsync(b.AddedAt, b.AddedAt.AddSeconds(1), 10);
        Assert.Equal((1, "b"), (total, Assert.Single(listed).Id));
    }

    [RedisFact]
    public async Task Digest_IsAdvancedByOneReplica_AndForgettingAChatRemovesAllOfIt()
    {
        var (one, two) = (Store(_one), Store(_two));
        var now = DateTimeOffset.FromUnixTimeMilliseconds(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds());
        var due = new DigestSchedule(5, new TimeOnly(8, 0), now, now.AddDays(-1));
        await one.SetDigestAsync(5, due);
        var next = due with { NextDue = now.AddDays(1), Since = now };
        var advanced = await Task.WhenAll(one.TryAdvanceDigestAsync(due, next), two.TryAdvanceDigestAsync(due, next));
        Assert.Single(advanced, a => a);
        Assert.Equal(next, Assert.Single(await two.DigestsAsync()));

        await one.SubscribeAsync(5, "华为", 20);
        var c = Article("c");
        await one.MarkSeenAsync("k", []);
        await one.RecordAddedAsync("k", [c], [new PendingPush(5, "华为", c)]);
        await two.ForgetChatAsync(5);
        Assert.Empty(await one.SubscriptionsAsync(5));
        Assert.Empty(await one.DigestsAsync());
        Assert.Empty(await one.PendingAsync());
    }
}
