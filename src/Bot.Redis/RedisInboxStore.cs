using System.Text.Json;
using Bot.Core.Inbox;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// The inbox shared by replicas. Items are one sorted set (scored by time, each member its item as JSON with a number
/// from one counter), cut to <c>Inbox:MaxItems</c> and <c>Inbox:RetentionDays</c> on each add; a notice is claimed with
/// <c>SET NX</c> per chat and question (kept the retention), so that one replica, once, tells a chat; curated answers
/// are a hash by number; the admins' daily message is claimed with <c>SET NX</c> per day, and the time of the last one
/// swapped in with <c>GETSET</c> by the replica that claimed it. A Redis that fails is logged and answers nothing; answering goes on.
/// </summary>
public sealed class RedisInboxStore(RedisState redis, IOptions<InboxOptions> options, TimeProvider time, ILogger<RedisInboxStore> logger) : IInboxStore
{
    private const string Items = "inbox:items";
    private const string ItemNumbers = "inbox:next";
    private const string Curated = "inbox:curated";
    private const string CuratedNumbers = "inbox:curated:next";
    private const string LastDaily = "inbox:daily:last";

    private TimeSpan Retention => TimeSpan.FromDays(options.Value.RetentionDays);

    private static RedisKey Told(long chat, string groupId) => $"inbox:told:{chat}:{groupId}";

    private static RedisKey Daily(DateOnly day) => $"inbox:daily:{day:yyyy-MM-dd}";

    /// <inheritdoc />
    public Task AddAsync(InboxItem item, CancellationToken cancellationToken = default) => Guard("keep a question", async db =>
    {
        var number = await db.StringIncrementAsync(ItemNumbers).ConfigureAwait(false);
        var member = JsonSerializer.Serialize(new StoredItem(number, item.Chat, item.Thread, item.Message, item.Time, item.Reason, item.Question, item.Words));
        var batch = db.CreateBatch();
        var tasks = new Task[]
        {
            batch.SortedSetAddAsync(Items, member, item.Time.ToUnixTimeMilliseconds()),
            batch.SortedSetRemoveRangeByScoreAsync(Items, double.NegativeInfinity, time.GetUtcNow().Subtract(Retention).ToUnixTimeMilliseconds(), Exclude.Stop),
            batch.SortedSetRemoveRangeByRankAsync(Items, 0, -options.Value.MaxItems - 1),
            batch.KeyExpireAsync(Items, Retention),
        };
        batch.Execute();
        await Task.WhenAll(tasks).ConfigureAwait(false);
        return true;
    }, false);

    /// <inheritdoc />
    public async Task<IReadOnlyList<InboxGroup>?> GroupsAsync(int max, CancellationToken cancellationToken = default)
    {
        var items = await Guard<IReadOnlyList<InboxItem>?>("read the inbox", async db => await ReadAsync(db, options.Value.MaxItems).ConfigureAwait(false), null).ConfigureAwait(false);
        return items is null ? null : InboxGroup.Of(items, max);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InboxItem>> ItemsAsync(int max, CancellationToken cancellationToken = default) =>
        Guard<IReadOnlyList<InboxItem>>("read the inbox", async db => await ReadAsync(db, max).ConfigureAwait(false), []);

    /// <inheritdoc />
    public Task<int> DismissAsync(string groupId, CancellationToken cancellationToken = default) => Guard("dismiss a question", async db =>
    {
        var members = await db.SortedSetRangeByRankAsync(Items).ConfigureAwait(false);
        var of = members.Where(m => QuestionWords.GroupId(Parse(m).Words) == groupId).ToArray();
        return of.Length == 0 ? 0 : (int)await db.SortedSetRemoveAsync(Items, of).ConfigureAwait(false);
    }, 0);

    /// <inheritdoc />
    public Task<bool> ClaimNoticeAsync(long chat, string groupId, CancellationToken cancellationToken = default) =>
        Guard("note a notice", db => db.StringSetAsync(Told(chat, groupId), time.GetUtcNow().ToUnixTimeSeconds(), Retention, When.NotExists), false);

    /// <inheritdoc />
    public Task<DateTimeOffset?> ClaimDailyAsync(DateOnly day, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Guard<DateTimeOffset?>("claim the daily message", async db =>
        {
            // A day's claim outlives the day (time zones, a late start); the last time is kept as long as questions are.
            if (!await db.StringSetAsync(Daily(day), now.ToUnixTimeSeconds(), TimeSpan.FromDays(3), When.NotExists).ConfigureAwait(false))
                return null;
            var previous = await db.StringGetSetAsync(LastDaily, now.ToUnixTimeSeconds()).ConfigureAwait(false);
            await db.KeyExpireAsync(LastDaily, Retention).ConfigureAwait(false);
            return previous.IsNull ? DateTimeOffset.MinValue : DateTimeOffset.FromUnixTimeSeconds((long)previous);
        }, null);

    /// <inheritdoc />
    public Task<CuratedAnswer?> AddCuratedAsync(string question, string words, string text, DateTimeOffset expires, CancellationToken cancellationToken = default) =>
        Guard<CuratedAnswer?>("keep a curated answer", async db =>
        {
            var kept = await ReadCuratedAsync(db).ConfigureAwait(false);
            var oldest = time.GetUtcNow() - Retention;
            var forgotten = kept.Where(a => a.Expires < oldest).Select(a => (RedisValue)a.Id).ToArray();
            if (forgotten.Length > 0)
                await db.HashDeleteAsync(Curated, forgotten).ConfigureAwait(false);
            if (kept.Count - forgotten.Length >= options.Value.MaxCurated)
                return null;
            var id = await db.StringIncrementAsync(CuratedNumbers).ConfigureAwait(false);
            var now = DateTimeOffset.FromUnixTimeSeconds(time.GetUtcNow().ToUnixTimeSeconds());
            var answer = new CuratedAnswer(id, question, words, text, now, DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
            await db.HashSetAsync(Curated, id, JsonSerializer.Serialize(answer)).ConfigureAwait(false);
            return answer;
        }, null);

    /// <inheritdoc />
    public Task<IReadOnlyList<CuratedAnswer>?> CuratedAsync(CancellationToken cancellationToken = default) =>
        Guard<IReadOnlyList<CuratedAnswer>?>("read the curated answers", async db => await ReadCuratedAsync(db).ConfigureAwait(false), null);

    /// <inheritdoc />
    public Task<bool> RemoveCuratedAsync(long id, CancellationToken cancellationToken = default) =>
        Guard("delete a curated answer", db => db.HashDeleteAsync(Curated, id), false);

    private static async Task<IReadOnlyList<InboxItem>> ReadAsync(IDatabase db, int max)
    {
        var members = await db.SortedSetRangeByRankAsync(Items, 0, max - 1, Order.Descending).ConfigureAwait(false);
        // Newest first, by time and then by number (several in one millisecond).
        return [.. members.Select(Parse).OrderByDescending(s => s.Time).ThenByDescending(s => s.Number)
            .Select(s => new InboxItem(s.Chat, s.Thread, s.Message, s.Time, s.Reason, s.Question, s.Words))];
    }

    private static async Task<List<CuratedAnswer>> ReadCuratedAsync(IDatabase db) =>
        [.. (await db.HashValuesAsync(Curated).ConfigureAwait(false)).Select(v => JsonSerializer.Deserialize<CuratedAnswer>((string)v!)!).OrderBy(a => a.Id)];

    private static StoredItem Parse(RedisValue member) => JsonSerializer.Deserialize<StoredItem>((string)member!)!;

    private async Task<T> Guard<T>(string what, Func<IDatabase, Task<T>> call, T fallback)
    {
        try
        {
            return await call(redis.Database).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisFailure.Is(e) || e is JsonException)
        {
            logger.LogWarning("The inbox in Redis could not {What} ({Error}); answering goes on", what, e.GetType().Name);
            return fallback;
        }
    }

    private sealed record StoredItem(long Number, long Chat, int? Thread, int Message, DateTimeOffset Time, string Reason, string? Question, string Words);
}
