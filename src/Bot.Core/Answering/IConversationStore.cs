namespace Bot.Core.Answering;

/// <summary>
/// The last turns of each conversation, for follow-ups: in process (<see cref="ConversationStore"/>) by default, or in a
/// shared store when several replicas answer one chat. Every implementation keeps to <see cref="ConversationLimits"/>.
/// </summary>
public interface IConversationStore
{
    /// <summary>The turns of conversation <paramref name="key"/>, oldest first (empty when new or expired).</summary>
    Task<IReadOnlyList<ConversationTurn>> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Adds a turn, dropping the oldest beyond the limits.</summary>
    Task AddAsync(string key, ConversationTurn turn, CancellationToken cancellationToken = default);

    /// <summary>Forgets conversation <paramref name="key"/>.</summary>
    Task ResetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Conversations used within the idle time.</summary>
    Task<long> CountAsync(CancellationToken cancellationToken = default);
}

/// <summary>How much of a conversation is kept, wherever it is kept.</summary>
/// <param name="MaxTurns">Turns kept.</param>
/// <param name="MaxChars">Characters of questions and answers kept (the last turn always stays).</param>
/// <param name="MaxAnswerChars">An answer is kept up to this many characters.</param>
/// <param name="Idle">A conversation unused this long is forgotten.</param>
public sealed record ConversationLimits(int MaxTurns, int MaxChars, int MaxAnswerChars, TimeSpan Idle)
{
    /// <summary>Six turns, 4,000 characters, answers cut at 1,000, forgotten after 30 idle minutes.</summary>
    public static ConversationLimits Default { get; } = new(6, 4000, 1000, TimeSpan.FromMinutes(30));

    /// <summary>The turn as kept: its answer cut to <see cref="MaxAnswerChars"/>.</summary>
    public ConversationTurn Kept(ConversationTurn turn) =>
        turn.Answer.Length > MaxAnswerChars ? turn with { Answer = turn.Answer[..MaxAnswerChars] } : turn;

    /// <summary>Drops the oldest turns of <paramref name="turns"/> beyond the turn and character limits.</summary>
    public void Trim(List<ConversationTurn> turns)
    {
        while (turns.Count > MaxTurns || turns.Count > 1 && turns.Sum(t => t.Question.Length + t.Answer.Length) > MaxChars)
            turns.RemoveAt(0);
    }
}
