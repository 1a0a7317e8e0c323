namespace Bot.Core.Answering;

/// <summary>The reply to one question.</summary>
/// <param name="Question">The question as asked.</param>
/// <param name="Text">The answer text, or the message that explains why there is none.</param>
/// <param name="Status">Answered, not found or invalid.</param>
/// <param name="Sources">The sources, most relevant first (for a decline: the nearest articles).</param>
/// <param name="Elapsed">How long answering took.</param>
public sealed record Answer(string Question, string Text, AnswerStatus Status, IReadOnlyList<Citation> Sources, TimeSpan Elapsed)
{
    /// <summary>True when the answer comes from the knowledge.</summary>
    public bool Answered => Status == AnswerStatus.Answered;

    /// <summary>The question that was searched for, when a follow-up was made standalone.</summary>
    public string? StandaloneQuestion { get; init; }

    /// <summary>How the answer was made: offline, by the LLM, or offline because the LLM failed.</summary>
    public AnswerMode Mode { get; init; } = AnswerMode.Offline;

    /// <summary>A note for the reader (e.g. that the LLM failed and the offline answer is shown).</summary>
    public string? Note { get; init; }
}
