using System.IO.Hashing;
using System.Text;
using Bot.Core.State;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// The names and the accepting side of the shared update queue: one Redis stream per shard, a chat always in the same
/// shard. An update is accepted by one script: remembered by id for a day (a second delivery is not queued again),
/// appended to its shard's stream, and the shard's channel told — one round trip.
/// </summary>
public sealed class UpdateStreams(RedisState redis, IOptions<StateOptions> options) : IUpdateQueue
{
    /// <summary>The consumer group every replica reads in.</summary>
    public const string Group = "answerers";

    /// <summary>How long an accepted update id is remembered against redelivery.</summary>
    public static readonly TimeSpan SeenFor = TimeSpan.FromDays(1);

    private const string AcceptScript = """
        if redis.call('SET', KEYS[1], '1', 'NX', 'EX', ARGV[1]) then
          redis.call('XADD', KEYS[2], '*', 'u', ARGV[2])
          redis.call('PUBLISH', ARGV[3], ARGV[4])
          return 1
        end
        return 0
        """;

    /// <summary>Shards.</summary>
    public int Shards { get; } = options.Value.Shards;

    /// <summary>The shard of chat <paramref name="chatId"/>.</summary>
    public int ShardOf(long chatId) => (int)(XxHash3.HashToUInt64(BitConverter.GetBytes(chatId)) % (ulong)Shards);

    /// <summary>The stream of shard <paramref name="shard"/>.</summary>
    public static RedisKey Stream(int shard) => $"updates:{shard}";

    /// <summary>The lease of shard <paramref name="shard"/>.</summary>
    public static RedisKey Lease(int shard) => $"lease:{shard}";

    /// <summary>
    /// The run of this Redis: an id written by the first replica to find none. A Redis restarted empty (no persistence)
    /// has none, so that the replicas notice and rebuild what they hold instead of acting on what they believed.
    /// </summary>
    public static readonly RedisKey Run = "run";

    /// <summary>The counter that makes every lease taken a fencing token of its own.</summary>
    public static readonly RedisKey LeaseTokens = "lease-tokens";

    /// <summary>The replica holding a lease whose value is <paramref name="token"/> (a fencing token: name#counter).</summary>
    public static string HolderOf(string token) => token[..(token.LastIndexOf('#') is var i and >= 0 ? i : token.Length)];

    /// <summary>The channel told when shard streams get an update (the message is the shard).</summary>
    public const string WakeChannel = "updates";

    /// <inheritdoc />
    public async Task<bool> AcceptAsync(QueuedUpdate update, CancellationToken cancellationToken)
    {
        var shard = ShardOf(update.ChatId);
        // The prefixed database prefixes KEYS; the channel is a plain argument, so it is prefixed here.
        var result = await redis.Database.ScriptEvaluateAsync(AcceptScript,
            [(RedisKey)("seen:" + update.UpdateId), Stream(shard)],
            [(long)SeenFor.TotalSeconds, update.Json, redis.Channel(WakeChannel).ToString(), shard]).ConfigureAwait(false);
        return (int)result == 1;
    }

    /// <summary>
    /// The replica that should own <paramref name="shard"/> among <paramref name="replicas"/>: the highest hash of
    /// (replica, shard), so that a replica joining or leaving moves only its own share of the shards.
    /// </summary>
    public static string OwnerOf(int shard, IEnumerable<string> replicas) =>
        replicas.MaxBy(r => XxHash3.HashToUInt64(Encoding.UTF8.GetBytes($"{r}/{shard}")))!;
}
