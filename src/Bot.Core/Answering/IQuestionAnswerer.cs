namespace Bot.Core.Answering;

/// <summary>Answers questions from the knowledge. The one interface every front end calls.</summary>
public interface IQuestionAnswerer
{
    /// <summary>Answers <paramref name="question"/>, reading earlier turns in <paramref name="history"/> for follow-ups.</summary>
    Task<Answer> AnswerAsync(string question, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default);
}
