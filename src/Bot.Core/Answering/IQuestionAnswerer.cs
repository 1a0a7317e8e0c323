namespace Bot.Core.Answering;

/// <summary>Answers questions from the knowledge. The one interface every front end calls.</summary>
public interface IQuestionAnswerer
{
    /// <summary>Answers <paramref name="request"/>: its question, reading its history for follow-ups, reporting progress when asked.</summary>
    Task<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default);

    /// <summary>Answers <paramref name="question"/>, reading earlier turns in <paramref name="history"/> for follow-ups.</summary>
    Task<Answer> AnswerAsync(string question, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default) =>
        AnswerAsync(new AnswerRequest(question, history), cancellationToken);

    /// <summary>
    /// Answers like <see cref="AnswerAsync(string, IReadOnlyList{ConversationTurn}?, CancellationToken)"/>, reporting the
    /// answer text so far to <paramref name="progress"/> while it is written (only writers that write progressively
    /// report; the returned answer is always the final one). <see cref="IProgress{T}.Report"/> is called on the answering
    /// path and must return at once: a front end shows the text on its own time (see <see cref="LatestText"/>), so that
    /// its I/O never runs inside the answerer's timeout.
    /// </summary>
    Task<Answer> AnswerStreamingAsync(string question, IReadOnlyList<ConversationTurn>? history, IProgress<string> progress, CancellationToken cancellationToken = default) =>
        AnswerAsync(new AnswerRequest(question, history, progress), cancellationToken);
}
