using System.Text.Json;
using Bot.Core.Answering;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// Conversations in Redis, so that a follow-up is understood whichever replica answers it: one list of turns per
/// conversation (trimmed to the turn limit, expiring after the idle time) and one sorted set of conversations by last
/// use (for the count). Each call is one round trip. When Redis fails, a question is answered without its history
/// rather than not at all.
/// </summary>
public sealed class RedisConversationStore(RedisState redis, TimeProvider time, ILogger<RedisConversationStore> logger, ConversationLimits? limits = null) : IConversationStore
{
    private const string Index = "conversations";
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
        var now = time.GetUtcNow().ToUnixTimeMilliseconds();
        var transaction = redis.Database.CreateTransaction();
        _ = transaction.ListRightPushAsync(Key(key), JsonSerializer.Serialize(_limits.Kept(turn)));
        _ = transaction.ListTrimAsync(Key(key), -_limits.MaxTurns, -1);
        _ = transaction.KeyExpireAsync(Key(key), _limits.Idle);
        _ = transaction.SortedSetAddAsync(Index, key, now);
        _ = transaction.SortedSetRemoveRangeByScoreAsync(Index, double.NegativeInfinity, now - _limits.Idle.TotalMilliseconds);
        try
        {
            await transaction.ExecuteAsync().ConfigureAwait(false);
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
        var since = time.GetUtcNow().ToUnixTimeMilliseconds() - _limits.Idle.TotalMilliseconds;
        return await redis.Database.SortedSetLengthAsync(Index, since, double.PositiveInfinity).ConfigureAwait(false);
    }
}
