namespace Bot.Core.Answering;

/// <summary>How an answer was made.</summary>
public enum AnswerMode
{
    /// <summary>Made without an LLM: extracted from the passages, or declined by the rules before any model is asked.</summary>
    Offline,

    /// <summary>Written by the LLM from the passages (or declined because its reply cited none while retrieval was weak).</summary>
    Llm,

    /// <summary>Extracted from the passages because the LLM failed or its reply was not grounded.</summary>
    Fallback,
}
