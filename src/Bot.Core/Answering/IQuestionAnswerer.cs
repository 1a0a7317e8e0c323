namespace Bot.Core.Answering;

/// <summary>Answers questions from the knowledge. The one interface every front end calls.</summary>
public interface IQuestionAnswerer
{
    /// <summary>Answers <paramref name="question"/>, reading earlier turns in <paramref name="history"/> for follow-ups.</summary>
    Task<Answer> AnswerAsync(string question, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Answers like <see cref="AnswerAsync"/>, reporting the answer text so far to <paramref name="onPartial"/> while it is
    /// written (only answerers that write progressively call it; the returned answer is always the final one).
    /// </summary>
    Task<Answer> AnswerStreamingAsync(string question, IReadOnlyList<ConversationTurn>? history, Func<string, Task> onPartial, CancellationToken cancellationToken = default) =>
        AnswerAsync(question, history, cancellationToken);
}
