using Bot.Core.Evaluation;
using Bot.Core.Feedback;

namespace Bot.Core.State;

/// <summary>
/// The answer log of one process: answers and ratings in the SQLite <see cref="FeedbackStore"/> (which outlives a
/// restart), the counts and latencies of <c>/stats</c> in memory.
/// </summary>
public sealed class LocalAnswerLog(FeedbackStore store) : IAnswerLog
{
    /// <summary>Latencies kept for the median.</summary>
    public const int MaxSamples = 1000;

    private readonly Lock _lock = new();
    private readonly Queue<double> _latencies = new();
    private long _answered;
    private long _declined;

    /// <inheritdoc />
    public Task<long?> RecordAsync(GivenAnswer answer, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            if (answer.Answered)
                _answered++;
            else
                _declined++;
            _latencies.Enqueue(answer.Elapsed.TotalMilliseconds);
            if (_latencies.Count > MaxSamples)
                _latencies.Dequeue();
        }
        return Task.FromResult(answer.Chat is { } chat ? store.RecordAnswer(chat, answer.Question, answer.Text, answer.SourceIds, answer.Answered) : (long?)null);
    }

    /// <inheritdoc />
    public Task<RatingResult> RateAsync(long chat, long answerId, long user, bool up, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.Rate(chat, answerId, user, up));

    /// <inheritdoc />
    public Task<StatsSummary> ReadStatsAsync(CancellationToken cancellationToken = default)
    {
        lock (_lock)
            return Task.FromResult(new StatsSummary(_answered, _declined, Percentiles.Of(_latencies.Order().ToArray(), 0.5)));
    }

    /// <inheritdoc />
    public Task<FeedbackSummary> SummarizeAsync(int top, CancellationToken cancellationToken = default) => Task.FromResult(store.Summarize(top));
}
