using Bot.Core.Answering;
using Bot.Core.Feedback;
using Bot.Core.Options;
using Bot.Core.State;
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

    private static RedisAnswerLog AnswerLog(RedisState state) => new(state, Options.Create(new FeedbackOptions()), NullLogger<RedisAnswerLog>.Instance);

    private static GivenAnswer Given(long? chat, bool answered, int ms, string? question = null) => new(chat, question, null, ["a1"], answered, TimeSpan.FromMilliseconds(ms));

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
        var options = Options.Create(new UserLimitOptions { QuestionsPerMinute = 3 });
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
        var one = AnswerLog(_one);
        var two = AnswerLog(_two);

        await one.RecordAsync(Given(null, true, 10));
        await two.RecordAsync(Given(null, true, 30));
        await two.RecordAsync(Given(null, false, 20));

        var summary = await one.ReadStatsAsync();
        Assert.Equal(2, summary.Answered);
        Assert.Equal(1, summary.Declined);
        Assert.Equal(20, summary.MedianMs, 3);
        Assert.True(await _one.Database.KeyTimeToLiveAsync("stats") > TimeSpan.FromDays(29));
    }

    [RedisFact]
    public async Task Ratings_AreKeyedByChatAndAnswer_OncePerUser_AndSummedOverReplicas()
    {
        var one = AnswerLog(_one);
        var two = AnswerLog(_two);

        var asked = await one.RecordAsync(Given(10, true, 5, "问甲"));
        var declined = await two.RecordAsync(Given(20, false, 5, "问乙"));
        var inline = await two.RecordAsync(Given(null, true, 5));

        Assert.Null(inline);
        Assert.NotEqual(asked, declined);
        Assert.Equal(RatingResult.Recorded, await two.RateAsync(10, asked!.Value, 7, up: false));
        Assert.Equal(RatingResult.AlreadyRated, await one.RateAsync(10, asked.Value, 7, up: true));
        Assert.Equal(RatingResult.Recorded, await one.RateAsync(10, asked.Value, 8, up: true));
        // The same id named from another chat is not that answer.
        Assert.Equal(RatingResult.Unknown, await one.RateAsync(20, asked.Value, 7, up: false));
        Assert.Equal(RatingResult.Unknown, await one.RateAsync(10, asked.Value + 1000, 7, up: false));
        var summary = await two.SummarizeAsync(5);
        Assert.Equal((2, 1, 1, 1), (summary.Answers, summary.Declined, summary.Up, summary.Down));
        Assert.Equal([("问乙", 1)], summary.MostDeclined);
        Assert.Equal([("问甲", 1)], summary.MostDisliked);
        Assert.Equal(3, (await one.ReadStatsAsync()).Answered + (await one.ReadStatsAsync()).Declined);
    }

    [RedisFact]
    public async Task Accept_TheSameUpdateTwice_QueuesItOnce_OnItsChatsShard()
    {
        var streams = new UpdateStreams(_one, Options.Create(new StateOptions { Shards = 4 }));
        var update = new QueuedUpdate(77, -100123, """{"update_id":77}""");

        Assert.True(await streams.AcceptAsync(update, default));
        Assert.False(await new UpdateStreams(_two, Options.Create(new StateOptions { Shards = 4 })).AcceptAsync(update, default));

        var shard = streams.ShardOf(-100123);
        Assert.Equal(1, await _one.Database.StreamLengthAsync(UpdateStreams.Stream(shard)));
        Assert.Equal(0, (await Task.WhenAll(Enumerable.Range(0, 4).Where(s => s != shard)
            .Select(s => _one.Database.StreamLengthAsync(UpdateStreams.Stream(s))))).Sum());
    }

    [Fact]
    public void SharedState_KnowsNoFrontEnd()
    {
        var references = typeof(RedisState).Assembly.GetReferencedAssemblies().Select(a => a.Name).ToList();

        Assert.DoesNotContain("Bot.Telegram", references);
        Assert.DoesNotContain("Telegram.Bot", references);
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
