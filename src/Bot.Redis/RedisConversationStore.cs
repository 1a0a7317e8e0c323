using System.Text.Json;
using Bot.Core.Answering;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// Conversations in Redis, so that a follow-up is understood whichever replica answers it: one list of turns per
/// conversation (trimmed to the turn limit, expiring after the idle time) and one sorted set of conversations by last
/// use (for the count), scored and pruned on Redis's clock (<c>TIME</c>), as the leases are, so that replicas whose
/// clocks differ count the same conversations. Each call is one round trip. When Redis fails, a question is answered
/// without its history rather than not at all.
/// </summary>
public sealed class RedisConversationStore(RedisState redis, ILogger<RedisConversationStore> logger, ConversationLimits? limits = null) : IConversationStore
{
    private const string Index = "conversations";

    // KEYS: the conversation, the index. ARGV: the turn, the turns kept, the idle time in ms, the conversation's name.
    private const string AddScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('RPUSH', KEYS[1], ARGV[1])
        redis.call('LTRIM', KEYS[1], -tonumber(ARGV[2]), -1)
        redis.call('PEXPIRE', KEYS[1], ARGV[3])
        redis.call('ZADD', KEYS[2], now, ARGV[4])
        redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[3]))
        return 1
        """;

    // The conversations used within the idle time, on Redis's clock.
    private const string CountScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        return redis.call('ZCOUNT', KEYS[1], now - tonumber(ARGV[1]), '+inf')
        """;
    private readonly ConversationLimits _limits = limits ?? ConversationLimits.Default;

    private static RedisKey Key(string conversation) => "conversation:" + conversation;

    /// <inheritdoc />
    public async Task<IReadOnlyList<ConversationTurn>> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        try
        {
            var values = await redis.Database.ListRangeAsync(Key(key)).ConfigureAwait(false);
            var turns = values.Select(v => JsonSerializer.Deserialize<ConversationTurn>((string)v!)).OfType<ConversationTurn>().ToList();
            _limits.Trim(turns);
            return turns;
        }
        catch (Exception e) when (RedisFailure.Is(e) || e is JsonException)
        {
            logger.LogWarning("Conversation {Conversation} could not be read from Redis ({Error}); answering without it", key, e.GetType().Name);
            return [];
        }
    }

    /// <inheritdoc />
    public async Task AddAsync(string key, ConversationTurn turn, CancellationToken cancellationToken = default)
    {
        try
        {
            await redis.Database.ScriptEvaluateAsync(AddScript, [Key(key), Index],
                [JsonSerializer.Serialize(_limits.Kept(turn)), _limits.MaxTurns, (long)_limits.Idle.TotalMilliseconds, key]).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("Conversation {Conversation} could not be saved to Redis ({Error})", key, e.GetType().Name);
        }
    }

    /// <inheritdoc />
    public async Task ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        var transaction = redis.Database.CreateTransaction();
        _ = transaction.KeyDeleteAsync(Key(key));
        _ = transaction.SortedSetRemoveAsync(Index, key);
        await transaction.ExecuteAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<long> CountAsync(CancellationToken cancellationToken = default)
    {
        return (long)await redis.Database.ScriptEvaluateAsync(CountScript, [Index], [(long)_limits.Idle.TotalMilliseconds]).ConfigureAwait(false);
    }
}
