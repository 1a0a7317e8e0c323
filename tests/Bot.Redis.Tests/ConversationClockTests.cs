using Bot.Core.Answering;
using Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Bot.Redis.Tests;

/// <summary>Conversations kept by replicas whose clocks differ: every time that counts is Redis's own.</summary>
public sealed class ConversationClockTests : RedisTest
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

    [RedisFact]
    public async Task Count_OverTwoReplicas_CountsEveryConversation_ScoredOnRedissClock()
    {
        // The store takes no clock of the machine's. When it scored on the replica's clock, a second replica an hour
        // ahead (a FakeTimeProvider) pruned the first one's conversations as long idle, and both counted 2, not 5.
        var one = new RedisConversationStore(_one, NullLogger<RedisConversationStore>.Instance);
        var ahead = new RedisConversationStore(_two, NullLogger<RedisConversationStore>.Instance);

        foreach (var chat in new[] { "tg:1", "tg:2", "tg:3" })
            await one.AddAsync(chat, new ConversationTurn("问", "问", "答"));
        foreach (var chat in new[] { "tg:4", "tg:5" })
            await ahead.AddAsync(chat, new ConversationTurn("问", "问", "答"));

        Assert.Equal(5, await one.CountAsync());
        Assert.Equal(5, await ahead.CountAsync());
        var scores = await _one.Database.SortedSetRangeByRankWithScoresAsync("conversations");
        var seconds = long.Parse((string)((StackExchange.Redis.RedisResult[])(await _one.Database.ExecuteAsync("TIME"))!)[0]!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.All(scores, s => Assert.InRange(s.Score / 1000, seconds - 60, seconds + 1));
    }
}
