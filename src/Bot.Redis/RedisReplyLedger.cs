using Bot.Core.State;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// Which questions Telegram has taken a reply to, kept a day: written as soon as the reply is taken (before the buttons,
/// the statistics and the acknowledgement), and read by a replica taking over a dead one's updates, so that a question
/// answered just before the crash is not answered again. What is left unguarded is one Redis round trip after the reply.
/// </summary>
public sealed class RedisReplyLedger(RedisState redis, ILogger<RedisReplyLedger> logger) : IReplyObserver
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    private static RedisKey Key(long chatId, int messageId) => $"replied:{chatId}:{messageId}";

    /// <inheritdoc />
    public async Task RepliedAsync(MessageKey question, CancellationToken cancellationToken)
    {
        try
        {
            await redis.Database.StringSetAsync(Key(question.ChatId, question.MessageId), 1, Kept).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("The reply to message {MessageId} could not be noted in Redis ({Error})", question.MessageId, e.GetType().Name);
        }
    }

    /// <summary>True when a reply to message <paramref name="messageId"/> of <paramref name="chatId"/> was taken by Telegram.</summary>
    public Task<bool> WasRepliedAsync(long chatId, int messageId) => redis.Database.KeyExistsAsync(Key(chatId, messageId));
}
