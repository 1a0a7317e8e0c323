using System.Globalization;
using Bot.Core.Evaluation;
using Bot.Core.Feedback;
using Bot.Core.Options;
using Bot.Core.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// The answer log shared by replicas, so that a rating pressed on any replica is recorded for the answer it names, and
/// <c>/stats</c> and <c>/feedback</c> count every replica's answers. An answer is a hash keyed by its chat and id (ids
/// come from one counter, so they are unique across replicas), its ratings fields of it; the counts of <c>/feedback</c>
/// are a hash, the questions declined and rated 👎 two sorted sets. Answers are kept <c>Feedback:RetentionDays</c>, the
/// counts as long after the last answer; <c>/stats</c> keeps its counters as before (<see cref="StatsRetention"/>).
/// Recording never throws (a failure is logged, and the answer goes without rating buttons).
/// </summary>
public sealed class RedisAnswerLog(RedisState redis, IOptions<FeedbackOptions> options, ILogger<RedisAnswerLog> logger) : IAnswerLog
{
    /// <summary>How long the counts of <c>/stats</c> are kept after the last question.</summary>
    public static readonly TimeSpan StatsRetention = TimeSpan.FromDays(30);

    private const string Stats = "stats";
    private const string Latencies = "stats:latency";
    private const string NextId = "answers:next";
    private const string Counts = "feedback";
    private const string Declined = "feedback:declined";
    private const string Disliked = "feedback:disliked";

    // Once per user and answer: 0 no such answer (in this chat), 1 rated before, 2 recorded.
    private const string RateScript = """
        if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
        if redis.call('HSETNX', KEYS[1], 'r:' .. ARGV[1], ARGV[2]) == 0 then return 1 end
        redis.call('HINCRBY', KEYS[2], ARGV[2] == '1' and 'up' or 'down', 1)
        redis.call('EXPIRE', KEYS[2], ARGV[3])
        if ARGV[2] == '0' then
          local question = redis.call('HGET', KEYS[1], 'q')
          if question then
            redis.call('ZINCRBY', KEYS[3], 1, question)
            redis.call('EXPIRE', KEYS[3], ARGV[3])
          end
        end
        return 2
        """;

    private TimeSpan Retention => TimeSpan.FromDays(options.Value.RetentionDays);

    private static RedisKey Answer(long chat, long id) => $"answer:{chat}:{id}";

    /// <inheritdoc />
    public async Task<long?> RecordAsync(GivenAnswer answer, CancellationToken cancellationToken = default)
    {
        try
        {
            var db = redis.Database;
            long? id = answer.Chat is null ? null : await db.StringIncrementAsync(NextId).ConfigureAwait(false);
            var batch = db.CreateBatch();
            var tasks = new List<Task>
            {
                batch.HashIncrementAsync(Stats, answer.Answered ? "answered" : "declined"),
                batch.ListLeftPushAsync(Latencies, answer.Elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)),
                batch.ListTrimAsync(Latencies, 0, LocalAnswerLog.MaxSamples - 1),
                batch.KeyExpireAsync(Stats, StatsRetention),
                batch.KeyExpireAsync(Latencies, StatsRetention),
            };
            if (answer.Chat is { } chat && id is { } given)
            {
                var key = Answer(chat, given);
                var fields = new List<HashEntry> { new("answered", answer.Answered ? 1 : 0), new("sources", string.Join("\n", answer.SourceIds)) };
                if (answer.Question is { } question)
                    fields.Add(new("q", question));
                if (answer.Text is { } text)
                    fields.Add(new("a", text));
                tasks.Add(batch.HashSetAsync(key, [.. fields]));
                tasks.Add(batch.KeyExpireAsync(key, Retention));
                tasks.Add(batch.HashIncrementAsync(Counts, "answers"));
                if (!answer.Answered)
                {
                    tasks.Add(batch.HashIncrementAsync(Counts, "declined"));
                    if (answer.Question is { } declined)
                    {
                        tasks.Add(batch.SortedSetIncrementAsync(Declined, declined, 1));
                        tasks.Add(batch.KeyExpireAsync(Declined, Retention));
                    }
                }
                tasks.Add(batch.KeyExpireAsync(Counts, Retention));
            }
            batch.Execute();
            await Task.WhenAll(tasks).ConfigureAwait(false);
            return id;
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("An answer could not be recorded in Redis ({Error}); it goes without rating buttons", e.GetType().Name);
            return null;
        }
    }

    /// <inheritdoc />
    public async Task<RatingResult> RateAsync(long chat, long answerId, long user, bool up, CancellationToken cancellationToken = default)
    {
        var result = await redis.Database.ScriptEvaluateAsync(RateScript, [Answer(chat, answerId), Counts, Disliked],
            [user, up ? "1" : "0", (long)Retention.TotalSeconds]).ConfigureAwait(false);
        return (int)result switch
        {
            2 => RatingResult.Recorded,
            1 => RatingResult.AlreadyRated,
            _ => RatingResult.Unknown,
        };
    }

    /// <inheritdoc />
    public async Task<StatsSummary> ReadStatsAsync(CancellationToken cancellationToken = default)
    {
        var counts = redis.Database.HashGetAsync(Stats, ["answered", "declined"]);
        var latencies = redis.Database.ListRangeAsync(Latencies);
        await Task.WhenAll(counts, latencies).ConfigureAwait(false);
        var ms = latencies.Result.Select(v => double.Parse((string)v!, CultureInfo.InvariantCulture)).Order().ToArray();
        return new StatsSummary((long?)counts.Result[0] ?? 0, (long?)counts.Result[1] ?? 0, Percentiles.Of(ms, 0.5));
    }

    /// <inheritdoc />
    public async Task<FeedbackSummary> SummarizeAsync(int top, CancellationToken cancellationToken = default)
    {
        var db = redis.Database;
        var counts = db.HashGetAsync(Counts, ["answers", "declined", "up", "down"]);
        var declined = Ranked(db, Declined, top);
        var disliked = Ranked(db, Disliked, top);
        await Task.WhenAll(counts, declined, disliked).ConfigureAwait(false);
        int Count(int i) => (int?)counts.Result[i] ?? 0;
        return new FeedbackSummary(Count(0), Count(1), Count(2), Count(3), declined.Result, disliked.Result);
    }

    // The top questions by count, ties in the order of the question (as the SQLite log orders them).
    private static async Task<IReadOnlyList<(string Question, int Count)>> Ranked(IDatabase db, RedisKey key, int top)
    {
        // A margin beyond the top, so that ties at its edge are ordered by question too.
        var entries = await db.SortedSetRangeByRankWithScoresAsync(key, 0, top + 49, Order.Descending).ConfigureAwait(false);
        return [.. entries.Select(e => ((string)e.Element!, (int)e.Score)).OrderByDescending(e => e.Item2).ThenBy(e => e.Item1, StringComparer.Ordinal).Take(top)];
    }
}
