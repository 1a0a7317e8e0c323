using System.Globalization;
using Bot.Core.Evaluation;
using Bot.Telegram.State;
using Microsoft.Extensions.Logging;

namespace Bot.Redis;

/// <summary>
/// <c>/stats</c> counters shared by replicas: a hash of counts and a list of the last latencies, both kept for
/// <see cref="Retention"/> after the last question. Recording is one round trip; a failure is logged, never thrown.
/// </summary>
public sealed class RedisStats(RedisState redis, ILogger<RedisStats> logger) : IBotStats
{
    /// <summary>How long counts are kept after the last question.</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromDays(30);

    private const string Counts = "stats";
    private const string Latencies = "stats:latency";

    /// <inheritdoc />
    public async Task RecordAsync(bool answered, TimeSpan elapsed, CancellationToken cancellationToken = default)
    {
        var batch = redis.Database.CreateBatch();
        var tasks = new Task[]
        {
            batch.HashIncrementAsync(Counts, answered ? "answered" : "declined"),
            batch.ListLeftPushAsync(Latencies, elapsed.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture)),
            batch.ListTrimAsync(Latencies, 0, BotStats.MaxSamples - 1),
            batch.KeyExpireAsync(Counts, Retention),
            batch.KeyExpireAsync(Latencies, Retention),
        };
        batch.Execute();
        try
        {
            await Task.WhenAll(tasks).ConfigureAwait(false);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("Answer statistics could not be saved to Redis ({Error})", e.GetType().Name);
        }
    }

    /// <inheritdoc />
    public async Task<StatsSummary> ReadAsync(CancellationToken cancellationToken = default)
    {
        var counts = redis.Database.HashGetAsync(Counts, ["answered", "declined"]);
        var latencies = redis.Database.ListRangeAsync(Latencies);
        await Task.WhenAll(counts, latencies).ConfigureAwait(false);
        var ms = latencies.Result.Select(v => double.Parse((string)v!, CultureInfo.InvariantCulture)).Order().ToArray();
        return new StatsSummary((long?)counts.Result[0] ?? 0, (long?)counts.Result[1] ?? 0, Percentiles.Of(ms, 0.5));
    }
}
