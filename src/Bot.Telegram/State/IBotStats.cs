namespace Bot.Telegram.State;

/// <summary>Counts of questions answered and declined and their latencies, for <c>/stats</c>: in process, or shared by replicas.</summary>
public interface IBotStats
{
    /// <summary>Records one question.</summary>
    Task RecordAsync(bool answered, TimeSpan elapsed, CancellationToken cancellationToken = default);

    /// <summary>The counts and the median latency of the last questions.</summary>
    Task<StatsSummary> ReadAsync(CancellationToken cancellationToken = default);
}

/// <summary>What <c>/stats</c> shows.</summary>
/// <param name="Answered">Questions answered from the knowledge.</param>
/// <param name="Declined">Questions the knowledge did not answer.</param>
/// <param name="MedianMs">Median latency of the last questions, in milliseconds.</param>
public sealed record StatsSummary(long Answered, long Declined, double MedianMs);

/// <summary>The per-user limit on questions: a sliding minute, in process or shared by replicas.</summary>
public interface IUserRateLimit
{
    /// <summary>
    /// True when user <paramref name="userId"/> may ask now (and the question is counted). A question with a
    /// <paramref name="questionId"/> is counted once however often it is asked for (an update taken over by another replica).
    /// </summary>
    ValueTask<bool> TryAcquireAsync(long userId, string? questionId = null, CancellationToken cancellationToken = default);
}
