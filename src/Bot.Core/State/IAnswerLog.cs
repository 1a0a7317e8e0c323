using Bot.Core.Feedback;

namespace Bot.Core.State;

/// <summary>
/// The one record of the answers given: what <c>/stats</c> counts, what a rating names, and what <c>/feedback</c>
/// summarises. Each answer is recorded once. In process (<see cref="LocalAnswerLog"/> over the SQLite
/// <see cref="FeedbackStore"/>) for one replica, or shared by replicas. Ratings are keyed by chat and answer id.
/// </summary>
public interface IAnswerLog
{
    /// <summary>Records an answer given; returns the id its rating buttons name, or null when it has no chat (an inline answer).</summary>
    Task<long?> RecordAsync(GivenAnswer answer, CancellationToken cancellationToken = default);

    /// <summary>Records <paramref name="user"/>'s rating of answer <paramref name="answerId"/> given in <paramref name="chat"/>, once per user and answer.</summary>
    Task<RatingResult> RateAsync(long chat, long answerId, long user, bool up, CancellationToken cancellationToken = default);

    /// <summary>What <c>/stats</c> shows: questions answered and declined, and the median latency of the last ones.</summary>
    Task<StatsSummary> ReadStatsAsync(CancellationToken cancellationToken = default);

    /// <summary>What <c>/feedback</c> shows: the ratings, and the <paramref name="top"/> questions most often declined and rated 👎.</summary>
    Task<FeedbackSummary> SummarizeAsync(int top, CancellationToken cancellationToken = default);
}

/// <summary>An answer given.</summary>
/// <param name="Chat">The chat it was given in; null when it has none (an inline answer: counted, never rated).</param>
/// <param name="Question">The question, when questions are kept; else null.</param>
/// <param name="Text">The answer's text, when questions are kept; else null.</param>
/// <param name="SourceIds">The ids of its sources.</param>
/// <param name="Answered">False when the knowledge did not answer it.</param>
/// <param name="Elapsed">How long answering took.</param>
public sealed record GivenAnswer(long? Chat, string? Question, string? Text, IReadOnlyList<string> SourceIds, bool Answered, TimeSpan Elapsed);

/// <summary>What <c>/stats</c> shows.</summary>
/// <param name="Answered">Questions answered from the knowledge.</param>
/// <param name="Declined">Questions the knowledge did not answer.</param>
/// <param name="MedianMs">Median latency of the last questions, in milliseconds.</param>
public sealed record StatsSummary(long Answered, long Declined, double MedianMs);
