using Bot.Core.Evaluation;

namespace Bot.Telegram;

/// <summary>Counts of questions answered and declined, and their latencies, for <c>/stats</c>.</summary>
public sealed class BotStats
{
    private const int MaxSamples = 1000;
    private readonly Lock _lock = new();
    private readonly Queue<double> _latencies = new();

    /// <summary>Questions answered from the knowledge.</summary>
    public int Answered { get; private set; }

    /// <summary>Questions the knowledge did not answer.</summary>
    public int Declined { get; private set; }

    /// <summary>Records one question.</summary>
    public void Record(bool answered, TimeSpan elapsed)
    {
        lock (_lock)
        {
            if (answered)
                Answered++;
            else
                Declined++;
            _latencies.Enqueue(elapsed.TotalMilliseconds);
            if (_latencies.Count > MaxSamples)
                _latencies.Dequeue();
        }
    }

    /// <summary>Median latency of the last questions, in milliseconds.</summary>
    public double MedianMs
    {
        get
        {
            lock (_lock)
            {
                return Percentiles.Of(_latencies.Order().ToArray(), 0.5);
            }
        }
    }
}
