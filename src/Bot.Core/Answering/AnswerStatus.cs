namespace Bot.Core.Answering;

/// <summary>How a question was dealt with.</summary>
public enum AnswerStatus
{
    /// <summary>Answered from the knowledge.</summary>
    Answered,
    /// <summary>The knowledge does not hold the answer; the bot said so.</summary>
    NotFound,
    /// <summary>The question itself was unusable (empty, too long).</summary>
    Invalid,
}
