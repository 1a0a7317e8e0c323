using Bot.Core.State;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// Which questions Telegram has taken a reply to, kept a day: written as soon as the reply is taken (before the buttons,
/// the statistics and the acknowledgement), and read by a replica taking over a dead one's updates, so that a question
/// answered just before the crash is not answered again. What is left unguarded is one Redis round trip after the reply.
/// Also the fence before each reply: work taken from a shard's stream carries that shard's lease
/// (<see cref="Current"/>), and its reply is sent only while Redis still holds the lease's token: surely so until the lease's
/// last renewal plus the lease (<see cref="ShardLease.ValidUntil"/>), asked of Redis after that.
/// </summary>
public sealed class RedisReplyLedger(RedisState redis, TimeProvider time, ILogger<RedisReplyLedger> logger) : IReplyObserver
{
    private static readonly TimeSpan Kept = TimeSpan.FromDays(1);

    // How long a reply waits for Redis to confirm its lease before it is dropped (its entry stays pending and is answered
    // by whoever holds the shard then).
    private static readonly TimeSpan ConfirmFor = TimeSpan.FromMinutes(2);

    // A lease is surely held until its last renewal's start plus the lease (Redis counts it from the renewal's arrival,
    // later), on this machine's monotonic clock, which runs on while the process is frozen: until this close to that
    // moment a reply needs no round trip to confirm it. Renewals come every fifth of a lease, so a replica whose
    // rounds go through is seldom this close.
    private static readonly TimeSpan TrustUntilBefore = TimeSpan.FromSeconds(1);

    // The lease's holder and the run of Redis, read together.
    private const string CheckScript = """
        return { redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '' }
        """;

    // The note, and whether the lease was still held by the token when it was written (the note is true either way).
    private const string NoteScript = """
        redis.call('SET', KEYS[1], '1', 'EX', ARGV[1])
        if #KEYS < 2 or redis.call('GET', KEYS[2]) == ARGV[2] then return 1 end
        return 0
        """;

    private readonly AsyncLocal<ShardLease?> _current = new();

    /// <summary>The lease of the stream entry whose work runs here (flows with the work onto the chat's queue), or null.</summary>
    public ShardLease? Current
    {
        get => _current.Value;
        set => _current.Value = value;
    }

    private static RedisKey Key(long chatId, int messageId) => $"replied:{chatId}:{messageId}";

    /// <inheritdoc />
    public async ValueTask<bool> MaySendAsync(MessageKey question, CancellationToken cancellationToken)
    {
        if (Current is not { } lease)
            return true;
        var started = time.GetTimestamp();
        if (!lease.Lost && started + (long)(TrustUntilBefore.TotalSeconds * time.TimestampFrequency) < lease.ValidUntil)
            return true;
        while (!lease.Lost)
        {
            try
            {
                var check = (RedisResult[])(await redis.Database.ScriptEvaluateAsync(CheckScript, [UpdateStreams.Lease(lease.Shard), UpdateStreams.Run]).ConfigureAwait(false))!;
                var (holder, run) = ((string)check[0]!, (string)check[1]!);
                var term = lease.Term;
                if (holder == term.Token)
                    return true;
                // Another replica holds the shard in this run of Redis: it has this entry (pending) and answers it.
                if (run == term.Run)
                    break;
                // Redis came back empty and this replica has not taken its lease back yet (its next round does).
            }
            catch (Exception e) when (RedisFailure.Is(e))
            {
                // Redis away or stalled: the reply waits (delayed, not sent unchecked).
            }
            if (time.GetElapsedTime(started) > ConfirmFor)
                break;
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, cancellationToken).ConfigureAwait(false);
        }
        logger.LogWarning("The reply to message {MessageId} is dropped: shard {Shard}'s lease is no longer this replica's (its holder answers it)",
            question.MessageId, lease.Shard);
        return false;
    }

    /// <inheritdoc />
    public async Task RepliedAsync(MessageKey question, CancellationToken cancellationToken)
    {
        try
        {
            var lease = Current;
            RedisKey[] keys = lease is null ? [Key(question.ChatId, question.MessageId)] : [Key(question.ChatId, question.MessageId), UpdateStreams.Lease(lease.Shard)];
            var held = await redis.Database.ScriptEvaluateAsync(NoteScript, keys, [(long)Kept.TotalSeconds, lease?.Term.Token ?? ""]).ConfigureAwait(false);
            if ((int)held == 0)
                logger.LogWarning("The reply to message {MessageId} went out as shard {Shard}'s lease passed to another replica; it may be answered twice", question.MessageId, lease!.Shard);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("The reply to message {MessageId} could not be noted in Redis ({Error})", question.MessageId, e.GetType().Name);
        }
    }

    /// <summary>True when a reply to message <paramref name="messageId"/> of <paramref name="chatId"/> was taken by Telegram.</summary>
    public Task<bool> WasRepliedAsync(long chatId, int messageId) => redis.Database.KeyExistsAsync(Key(chatId, messageId));
}
