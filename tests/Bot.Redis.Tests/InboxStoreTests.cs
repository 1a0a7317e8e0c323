using Bot.Core.Inbox;
using Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Redis.Tests;

/// <summary>The inbox in Redis, two stores over one real Redis standing for two replicas.</summary>
public sealed class InboxStoreTests : RedisTest
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
    private RedisState _one = null!;
    private RedisState _two = null!;

    protected override Task StartAsync()
    {
        _one = State();
        _two = State();
        return Task.CompletedTask;
    }

    protected override ValueTask StopAsync()
    {
        _one.Dispose();
        _two.Dispose();
        return ValueTask.CompletedTask;
    }

    private RedisState State() =>
        new(Options.Create(new StateOptions { Redis = Redis.Configuration, KeyPrefix = Prefix }), NullLogger<RedisState>.Instance);

    private RedisInboxStore Store(RedisState state, int maxItems = 100) =>
        new(state, Options.Create(new InboxOptions { MaxItems = maxItems, RetentionDays = 7, MaxCurated = 2 }), _time, NullLogger<RedisInboxStore>.Instance);

    private InboxItem Item(long chat, string words, string? question = null) => new(chat, 7, 1, _time.GetUtcNow(), "NoPassage", question, words);

    [RedisFact]
    public async Task Questions_KeptByEitherReplica_AreGroupedNewestFirst_BoundedByCountAndAge_AndDismissed()
    {
        var one = Store(_one, maxItems: 10);
        var two = Store(_two, maxItems: 10);
        await one.AddAsync(Item(1, "老 问题"));
        _time.Advance(TimeSpan.FromDays(8));
        await one.AddAsync(Item(1, "地铁 望川市", "望川市地铁？"));
        await two.AddAsync(Item(2, "地铁 望川市"));
        await two.AddAsync(Item(3, "机场 曼西市"));

        var groups = (await one.GroupsAsync(10))!;

        Assert.Equal(["机场 曼西市", "地铁 望川市"], groups.Select(g => g.Words));
        Assert.Equal((2, 2, "望川市地铁？"), (groups[1].Count, groups[1].Chats, groups[1].Question));
        Assert.Equal(7, (await two.ItemsAsync(10))[0].Thread);
        for (var i = 0; i < 20; i++)
            await one.AddAsync(Item(4, $"问题{i}"));
        Assert.Equal(10, (await two.ItemsAsync(100)).Count);
        Assert.Equal(1, await two.DismissAsync(QuestionWords.GroupId("问题19")));
        Assert.DoesNotContain((await one.GroupsAsync(100))!, g => g.Words == "问题19");
    }

    [RedisFact]
    public async Task Notice_IsClaimedOnceOverReplicas_PerChatAndQuestion()
    {
        var one = Store(_one);
        var two = Store(_two);

        Assert.True(await one.ClaimNoticeAsync(5, "G1"));
        Assert.False(await two.ClaimNoticeAsync(5, "G1"));
        Assert.False(await one.ClaimNoticeAsync(5, "G1"));
        Assert.True(await two.ClaimNoticeAsync(6, "G1"));
        Assert.True(await two.ClaimNoticeAsync(5, "G2"));
    }

    [RedisFact]
    public async Task CuratedAnswers_WrittenByOneReplica_AreReadByTheOther_Bounded_AndDeleted()
    {
        var one = Store(_one);
        var two = Store(_two);
        var first = (await one.AddCuratedAsync("问一", "问一", "答一", _time.GetUtcNow().AddDays(1)))!;
        await two.AddCuratedAsync("问二", "问二", "答二", _time.GetUtcNow().AddDays(1));

        Assert.Null(await one.AddCuratedAsync("问三", "问三", "答三", _time.GetUtcNow().AddDays(1)));
        Assert.Equal(["答一", "答二"], (await two.CuratedAsync())!.Select(a => a.Text));
        Assert.True(await two.RemoveCuratedAsync(first.Id));
        Assert.Equal(["答二"], (await one.CuratedAsync())!.Select(a => a.Text));
    }

    [RedisFact]
    public async Task DailyMessage_IsClaimedByOneReplicaADay_AndTellsWhenTheLastWasSent()
    {
        var one = Store(_one);
        var two = Store(_two);
        var day = new DateOnly(2026, 12, 3);
        var first = _time.GetUtcNow();

        var claims = await Task.WhenAll(one.ClaimDailyAsync(day, first), two.ClaimDailyAsync(day, first));

        Assert.Equal([DateTimeOffset.MinValue], claims.Where(c => c is not null).Select(c => c!.Value));
        Assert.Null(await one.ClaimDailyAsync(day, first));
        _time.Advance(TimeSpan.FromDays(1));
        Assert.Equal(first, await two.ClaimDailyAsync(day.AddDays(1), _time.GetUtcNow()));
        Assert.Null(await one.ClaimDailyAsync(day.AddDays(1), _time.GetUtcNow()));
    }

    [RedisFact]
    public async Task RedisDown_IsLogged_AndEveryCallReturns()
    {
        using var down = new RedisState(Options.Create(new StateOptions { Redis = "127.0.0.1:9,abortConnect=false,connectTimeout=200,syncTimeout=200,asyncTimeout=200", KeyPrefix = Prefix }),
            NullLogger<RedisState>.Instance);
        var store = Store(down);

        await store.AddAsync(Item(1, "问题"));

        Assert.Null(await store.GroupsAsync(10));
        Assert.False(await store.ClaimNoticeAsync(1, "G"));
        Assert.Null(await store.CuratedAsync());
        Assert.Null(await store.ClaimDailyAsync(new DateOnly(2026, 12, 3), _time.GetUtcNow()));
    }
}
