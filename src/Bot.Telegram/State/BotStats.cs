using Bot.Core.Evaluation;

namespace Bot.Telegram.State;

/// <summary>Counts and latencies for <c>/stats</c> in process memory (one process, polling).</summary>
public sealed class BotStats : IBotStats
{
    /// <summary>Latencies kept for the median.</summary>
    public const int MaxSamples = 1000;

    private readonly Lock _lock = new();
    private readonly Queue<double> _latencies = new();
    private long _answered;
    private long _declined;

    /// <inheritdoc />
    public Task RecordAsync(bool answered, TimeSpan elapsed, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (answered)
                _answered++;
            else
                _declined++;
            _latencies.Enqueue(elapsed.TotalMilliseconds);
            if (_latencies.Count > MaxSamples)
                _latencies.Dequeue();
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<StatsSummary> ReadAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(new StatsSummary(_answered, _declined, Percentiles.Of(_latencies.Order().ToArray(), 0.5)));
    }
}
