using Bot.Core.Answering;
using Bot.Telegram;
using Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis.Tests;

/// <summary>The Redis-backed state, two instances over one real Redis standing for two replicas.</summary>
public sealed class SharedStateTests : RedisTest
{
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

    [RedisFact]
    public async Task Conversation_WrittenByOneReplica_IsReadByTheOther_TrimmedToTheLimits_AndExpires()
    {
        var limits = ConversationLimits.Default with { MaxTurns = 2 };
        var one = new RedisConversationStore(_one, NullLogger<RedisConversationStore>.Instance, limits);
        var two = new RedisConversationStore(_two, NullLogger<RedisConversationStore>.Instance, limits);

        for (var i = 0; i < 3; i++)
            await one.AddAsync("tg:1", new ConversationTurn($"问{i}", $"问{i}", new string('答', 1500)));

        var turns = await two.GetAsync("tg:1");
        Assert.Equal(["问1", "问2"], turns.Select(t => t.Question));
        Assert.All(turns, t => Assert.Equal(1000, t.Answer.Length));
        Assert.Equal(1, await two.CountAsync());
        var ttl = await _one.Database.KeyTimeToLiveAsync("conversation:tg:1");
        Assert.InRange(ttl!.Value, TimeSpan.FromMinutes(29), TimeSpan.FromMinutes(30));

        await two.ResetAsync("tg:1");
        Assert.Empty(await one.GetAsync("tg:1"));
        Assert.Equal(0, await one.CountAsync());
    }

    [RedisFact]
    public async Task RateLimit_IsSharedByReplicas_AndCountsAQuestionOnceHoweverOftenItIsTaken()
    {
        var options = Options.Create(new TelegramOptions { BotToken = "1:x", MaxQuestionsPerMinute = 3 });
        var one = new RedisRateLimit(_one, options, NullLogger<RedisRateLimit>.Instance);
        var two = new RedisRateLimit(_two, options, NullLogger<RedisRateLimit>.Instance);

        Assert.True(await one.TryAcquireAsync(5, "m1"));
        Assert.True(await two.TryAcquireAsync(5, "m1"));
        Assert.True(await two.TryAcquireAsync(5, "m2"));
        Assert.True(await one.TryAcquireAsync(5, "m3"));
        Assert.False(await two.TryAcquireAsync(5, "m4"));
        // A question already let through stays let through (taken over by another replica after a crash).
        Assert.True(await two.TryAcquireAsync(5, "m2"));
        Assert.True(await one.TryAcquireAsync(6, "m4"));
    }

    [RedisFact]
    public async Task Stats_AreSummedOverReplicas()
    {
        var one = new RedisStats(_one, NullLogger<RedisStats>.Instance);
        var two = new RedisStats(_two, NullLogger<RedisStats>.Instance);

        await one.RecordAsync(true, TimeSpan.FromMilliseconds(10));
        await two.RecordAsync(true, TimeSpan.FromMilliseconds(30));
        await two.RecordAsync(false, TimeSpan.FromMilliseconds(20));

        var summary = await one.ReadAsync();
        Assert.Equal(2, summary.Answered);
        Assert.Equal(1, summary.Declined);
        Assert.Equal(20, summary.MedianMs, 3);
        Assert.True(await _one.Database.KeyTimeToLiveAsync("stats") > TimeSpan.FromDays(29));
    }

    [RedisFact]
    public async Task Accept_TheSameUpdateTwice_QueuesItOnce_OnItsChatsShard()
    {
        var streams = new UpdateStreams(_one, Options.Create(new StateOptions { Shards = 4 }));
        var update = new Bot.Telegram.Webhook.QueuedUpdate(77, -100123, """{"update_id":77}""");

        Assert.True(await streams.AcceptAsync(update, default));
        Assert.False(await new UpdateStreams(_two, Options.Create(new StateOptions { Shards = 4 })).AcceptAsync(update, default));

        var shard = streams.ShardOf(-100123);
        Assert.Equal(1, await _one.Database.StreamLengthAsync(UpdateStreams.Stream(shard)));
        Assert.Equal(0, (await Task.WhenAll(Enumerable.Range(0, 4).Where(s => s != shard)
            .Select(s => _one.Database.StreamLengthAsync(UpdateStreams.Stream(s))))).Sum());
    }

    [Fact]
    public void OwnerOf_AReplicaJoining_TakesOnlyItsShare()
    {
        var before = Enumerable.Range(0, 64).Select(s => UpdateStreams.OwnerOf(s, ["a", "b"])).ToArray();
        var after = Enumerable.Range(0, 64).Select(s => UpdateStreams.OwnerOf(s, ["a", "b", "c"])).ToArray();

        // Every shard that moved, moved to the newcomer; the newcomer has about a third.
        Assert.All(Enumerable.Range(0, 64).Where(s => before[s] != after[s]), s => Assert.Equal("c", after[s]));
        Assert.InRange(after.Count(o => o == "c"), 12, 32);
        Assert.InRange(before.Count(o => o == "a"), 20, 44);
    }
}
