using Bot.Core.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// The per-user limit shared by replicas: an exact sliding minute per user, a sorted set of the times of the user's
/// questions, checked and counted in one script on Redis's own clock (replicas' clocks may differ), each question
/// counted once by its id (an update taken over from a dead replica is not counted again). When Redis fails,
/// the question is let through: a limit must not silence the bot.
/// </summary>
public sealed class RedisRateLimit(RedisState redis, IOptions<UserLimitOptions> options, ILogger<RedisRateLimit> logger) : IUserRateLimit
{
    private const string Script = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
        local window = tonumber(ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - window)
        if redis.call('ZSCORE', KEYS[1], ARGV[3]) then return 1 end
        if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
        redis.call('ZADD', KEYS[1], now, ARGV[3])
        redis.call('PEXPIRE', KEYS[1], math.floor(window / 1000))
        return 1
        """;

    private const long WindowMicroseconds = 60_000_000;

    /// <inheritdoc />
    public async ValueTask<bool> TryAcquireAsync(long userId, string? questionId = null, CancellationToken cancellationToken = default)
    {
        try
        {
            var result = await redis.Database.ScriptEvaluateAsync(Script, [(RedisKey)("rate:" + userId)],
                [WindowMicroseconds, options.Value.QuestionsPerMinute, questionId ?? $"r{Guid.NewGuid():N}"]).ConfigureAwait(false);
            return (int)result == 1;
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("Rate limit of user {UserId} could not be checked in Redis ({Error}); letting the question through", userId, e.GetType().Name);
            return true;
        }
    }
}
