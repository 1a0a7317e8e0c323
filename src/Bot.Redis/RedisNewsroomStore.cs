using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bot.Core.Newsroom;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// The newsroom's state shared by replicas (<c>State:Redis</c>). An article is recorded as seen, added and owed to its
/// subscribers in one script, so exactly one replica records it however many loaded it; a chat's pushes are sent under
/// a claim (<c>SET NX PX</c> with a token of this claim) and taken off, by a script that checks the token, once Telegram
/// has taken each; a claim left by a replica that died runs out after <c>Subscriptions:ClaimSeconds</c>. A digest moves
/// to its next day by compare-and-set, by one replica. Keys (under <c>State:KeyPrefix</c>): <c>news:subs</c> (chat →
/// words), <c>news:folders</c>, <c>news:seen:&lt;folder&gt;</c>, <c>news:added</c> and <c>news:items</c> (the articles
/// added, kept <c>Subscriptions:RetentionDays</c>), <c>news:pending</c> and <c>news:pending-words</c> (pushes owed),
/// <c>news:claim:&lt;chat&gt;</c>, <c>news:digests</c>.
/// </summary>
public sealed class RedisNewsroomStore(RedisState redis, IOptions<SubscriptionOptions> options, TimeProvider time) : INewsroomStore
{
    private const int Batch = 1000;
    private const int MaxPending = 5000;

    private static readonly RedisKey Subs = "news:subs";
    private static readonly RedisKey Folders = "news:folders";
    private static readonly RedisKey Added = "news:added";
    private static readonly RedisKey Items = "news:items";
    private static readonly RedisKey Pending = "news:pending";
    private static readonly RedisKey PendingWords = "news:pending-words";
    private static readonly RedisKey Digests = "news:digests";

    // 0 added, 1 already there, 2 too many.
    private const string SubscribeScript = """
        local v = redis.call('HGET', KEYS[1], ARGV[1])
        local list = {}
        if v then
          for w in string.gmatch(v, '[^\n]+') do
            if w == ARGV[2] then return 1 end
            table.insert(list, w)
          end
        end
        if #list >= tonumber(ARGV[3]) then return 2 end
        table.insert(list, ARGV[2])
        redis.call('HSET', KEYS[1], ARGV[1], table.concat(list, '\n'))
        return 0
        """;

    private const string UnsubscribeScript = """
        local v = redis.call('HGET', KEYS[1], ARGV[1])
        if not v then return 0 end
        local list, found = {}, 0
        for w in string.gmatch(v, '[^\n]+') do
          if w == ARGV[2] then found = 1 else table.insert(list, w) end
        end
        if #list == 0 then redis.call('HDEL', KEYS[1], ARGV[1]) else redis.call('HSET', KEYS[1], ARGV[1], table.concat(list, '\n')) end
        return found
        """;

    // ARGV: folder, oldest (ms), article count, then stamp/time/json per article, then chat/stamp/words/time per push.
    private const string RecordScript = """
        redis.call('SADD', KEYS[6], ARGV[1])
        local n = tonumber(ARGV[3])
        local mine, out = {}, {}
        local i = 4
        for k = 1, n do
          local stamp = ARGV[i]
          if redis.call('SADD', KEYS[1], stamp) == 1 then
            mine[stamp] = true
            table.insert(out, stamp)
            redis.call('ZADD', KEYS[2], ARGV[i + 1], stamp)
            redis.call('HSET', KEYS[3], stamp, ARGV[i + 2])
          end
          i = i + 3
        end
        while i <= #ARGV do
          if mine[ARGV[i + 1]] then
            local m = ARGV[i] .. '|' .. ARGV[i + 1]
            redis.call('ZADD', KEYS[4], ARGV[i + 3], m)
            redis.call('HSET', KEYS[5], m, ARGV[i + 2])
          end
          i = i + 4
        end
        for _, stamp in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', '(' .. ARGV[2], 'LIMIT', 0, 1000)) do
          redis.call('ZREM', KEYS[2], stamp)
          redis.call('HDEL', KEYS[3], stamp)
        end
        for _, m in ipairs(redis.call('ZRANGEBYSCORE', KEYS[4], '-inf', '(' .. ARGV[2], 'LIMIT', 0, 1000)) do
          redis.call('ZREM', KEYS[4], m)
          redis.call('HDEL', KEYS[5], m)
        end
        return out
        """;

    private const string AcknowledgeScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        for i = 2, #ARGV do
          redis.call('ZREM', KEYS[2], ARGV[i])
          redis.call('HDEL', KEYS[3], ARGV[i])
        end
        return 1
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private const string AdvanceScript = """
        if redis.call('HGET', KEYS[1], ARGV[1]) ~= ARGV[2] then return 0 end
        redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
        return 1
        """;

    private IDatabase Db => redis.Database;

    private static RedisKey Seen(string folder) => "news:seen:" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(folder)))[..16];

    private static RedisKey Claim(long chat) => "news:claim:" + chat.ToString(CultureInfo.InvariantCulture);

    private static string Chat(long chat) => chat.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public async Task<SubscribeResult> SubscribeAsync(long chat, string words, int max, CancellationToken cancellationToken = default) =>
        (int)await Db.ScriptEvaluateAsync(SubscribeScript, [Subs], [Chat(chat), words, max]) switch
        {
            0 => SubscribeResult.Added,
            1 => SubscribeResult.AlreadyThere,
            _ => SubscribeResult.TooMany,
        };

    /// <inheritdoc />
    public async Task<bool> UnsubscribeAsync(long chat, string words, CancellationToken cancellationToken = default) =>
        (int)await Db.ScriptEvaluateAsync(UnsubscribeScript, [Subs], [Chat(chat), words]) == 1;

    /// <inheritdoc />
    public async Task<IReadOnlyList<string>> SubscriptionsAsync(long chat, CancellationToken cancellationToken = default) =>
        Split(await Db.HashGetAsync(Subs, Chat(chat)));

    /// <inheritdoc />
    public async Task<IReadOnlyList<Subscription>> AllSubscriptionsAsync(CancellationToken cancellationToken = default) =>
        (await Db.HashGetAllAsync(Subs)).SelectMany(e => Split(e.Value).Select(w => new Subscription(long.Parse((string)e.Name!, CultureInfo.InvariantCulture), w))).ToList();

    /// <inheritdoc />
    public async Task ForgetChatAsync(long chat, CancellationToken cancellationToken = default)
    {
        await Db.HashDeleteAsync(Subs, Chat(chat));
        await Db.HashDeleteAsync(Digests, Chat(chat));
        var prefix = Chat(chat) + "|";
        var mine = (await Db.SortedSetRangeByRankAsync(Pending)).Where(m => ((string)m!).StartsWith(prefix, StringComparison.Ordinal)).ToArray();
        if (mine.Length > 0)
        {
            await Db.SortedSetRemoveAsync(Pending, mine);
            await Db.HashDeleteAsync(PendingWords, mine);
        }
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>?> UnseenAsync(string folder, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default)
    {
        if (!await Db.SetContainsAsync(Folders, folder))
            return null;
        var unseen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var chunk in stamps.Chunk(Batch))
        {
            var known = await Db.SetContainsAsync(Seen(folder), chunk.Select(s => (RedisValue)s).ToArray());
            for (var i = 0; i < chunk.Length; i++)
            {
                if (!known[i])
                    unseen.Add(chunk[i]);
            }
        }
        return unseen;
    }

    /// <inheritdoc />
    public async Task MarkSeenAsync(string folder, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default)
    {
        foreach (var chunk in stamps.Chunk(Batch))
            await Db.SetAddAsync(Seen(folder), chunk.Select(s => (RedisValue)s).ToArray());
        // Last: until the folder is marked, another replica takes its load as the baseline too.
        await Db.SetAddAsync(Folders, folder);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AddedArticle>> RecordAddedAsync(string folder, IReadOnlyList<AddedArticle> articles, IReadOnlyList<PendingPush> pushes, CancellationToken cancellationToken = default)
    {
        var args = new List<RedisValue>
        {
            folder,
            time.GetUtcNow().AddDays(-options.Value.RetentionDays).ToUnixTimeMilliseconds(),
            articles.Count,
        };
        foreach (var a in articles)
            args.AddRange([a.Stamp, a.AddedAt.ToUnixTimeMilliseconds(), JsonSerializer.Serialize(a)]);
        foreach (var p in pushes)
            args.AddRange([Chat(p.Chat), p.Article.Stamp, p.Words, p.Article.AddedAt.ToUnixTimeMilliseconds()]);
        var recorded = ((RedisResult[])(await Db.ScriptEvaluateAsync(RecordScript, [Seen(folder), Added, Items, Pending, PendingWords, Folders], [.. args]))!)
            .Select(r => (string)r!).ToHashSet(StringComparer.Ordinal);
        return articles.Where(a => recorded.Contains(a.Stamp)).ToList();
    }

    /// <inheritdoc />
    public async Task<(IReadOnlyList<AddedArticle> Articles, int Total)> AddedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken = default)
    {
        var (start, stop) = (from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var total = await Db.SortedSetLengthAsync(Added, start, stop, Exclude.Stop);
        var stamps = await Db.SortedSetRangeByScoreAsync(Added, start, stop, Exclude.Stop, Order.Descending, 0, max);
        var json = stamps.Length == 0 ? [] : await Db.HashGetAsync(Items, stamps);
        return (json.Where(j => j.HasValue).Select(j => JsonSerializer.Deserialize<AddedArticle>((string)j!)!).ToList(), (int)total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PendingPush>> PendingAsync(CancellationToken cancellationToken = default)
    {
        var members = await Db.SortedSetRangeByRankAsync(Pending, 0, MaxPending - 1);
        if (members.Length == 0)
            return [];
        var words = await Db.HashGetAsync(PendingWords, members);
        var keys = members.Select(m => ((string)m!).Split('|', 2)).ToList();
        var stamps = keys.Select(k => k[1]).Distinct(StringComparer.Ordinal).ToArray();
        var json = await Db.HashGetAsync(Items, stamps.Select(s => (RedisValue)s).ToArray());
        var items = stamps.Zip(json).Where(p => p.Second.HasValue).ToDictionary(p => p.First, p => JsonSerializer.Deserialize<AddedArticle>((string)p.Second!)!, StringComparer.Ordinal);
        var list = new List<PendingPush>(members.Length);
        for (var i = 0; i < members.Length; i++)
        {
            if (items.TryGetValue(keys[i][1], out var article))
                list.Add(new PendingPush(long.Parse(keys[i][0], CultureInfo.InvariantCulture), (string?)words[i] ?? "", article));
        }
        return list;
    }

    /// <inheritdoc />
    public async Task<string?> TryClaimAsync(long chat, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var token = Guid.NewGuid().ToString("N");
        return await Db.StringSetAsync(Claim(chat), token, lease, When.NotExists) ? token : null;
    }

    /// <inheritdoc />
    public async Task<IReadOnlySet<string>> OwedAsync(long chat, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default)
    {
        var list = stamps.ToList();
        var scores = await Db.SortedSetScoresAsync(Pending, list.Select(s => (RedisValue)(Chat(chat) + "|" + s)).ToArray());
        return list.Where((_, i) => scores[i].HasValue).ToHashSet(StringComparer.Ordinal);
    }

    /// <inheritdoc />
    public async Task AcknowledgeAsync(long chat, string token, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default) =>
        await Db.ScriptEvaluateAsync(AcknowledgeScript, [Claim(chat), Pending, PendingWords], [token, .. stamps.Select(s => (RedisValue)(Chat(chat) + "|" + s))]);

    /// <inheritdoc />
    public async Task ReleaseAsync(long chat, string token, CancellationToken cancellationToken = default) =>
        await Db.ScriptEvaluateAsync(ReleaseScript, [Claim(chat)], [token]);

    /// <inheritdoc />
    public async Task SetDigestAsync(long chat, DigestSchedule? schedule, CancellationToken cancellationToken = default)
    {
        if (schedule is null)
            await Db.HashDeleteAsync(Digests, Chat(chat));
        else
            await Db.HashSetAsync(Digests, Chat(chat), Encode(schedule));
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DigestSchedule>> DigestsAsync(CancellationToken cancellationToken = default) =>
        (await Db.HashGetAllAsync(Digests)).Select(e => Decode(long.Parse((string)e.Name!, CultureInfo.InvariantCulture), e.Value!)).OrderBy(d => d.NextDue).ToList();

    /// <inheritdoc />
    public async Task<bool> TryAdvanceDigestAsync(DigestSchedule due, DigestSchedule next, CancellationToken cancellationToken = default) =>
        (int)await Db.ScriptEvaluateAsync(AdvanceScript, [Digests], [Chat(due.Chat), Encode(due), Encode(next)]) == 1;

    private static IReadOnlyList<string> Split(RedisValue value) => value.HasValue ? ((string)value!).Split('\n', StringSplitOptions.RemoveEmptyEntries) : [];

    private static string Encode(DigestSchedule d) =>
        string.Create(CultureInfo.InvariantCulture, $"{d.At:HH:mm}|{d.NextDue.ToUnixTimeMilliseconds()}|{d.Since.ToUnixTimeMilliseconds()}");

    private static DigestSchedule Decode(long chat, string value)
    {
        var parts = value.Split('|');
        return new DigestSchedule(chat, TimeOnly.ParseExact(parts[0], "HH:mm", CultureInfo.InvariantCulture),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[1], CultureInfo.InvariantCulture)),
            DateTimeOffset.FromUnixTimeMilliseconds(long.Parse(parts[2], CultureInfo.InvariantCulture)));
    }
}
