namespace Bot.Core.Answering;

/// <summary>How an answer was made.</summary>
public enum AnswerMode
{
    /// <summary>Extracted from the passages, with no LLM configured.</summary>
    Offline,

    /// <summary>Written by the LLM from the passages.</summary>
    Llm,

    /// <summary>Extracted from the passages because the LLM failed or its reply was not grounded.</summary>
    Fallback,
}
