namespace Bot.Core.Answering;

/// <summary>The LLM's reply cannot be used as it came (a stream cut short): handled like any other LLM failure.</summary>
public sealed class LlmReplyException(string message) : Exception(message);
