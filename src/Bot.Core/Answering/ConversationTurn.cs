namespace Bot.Core.Answering;

/// <summary>One question and its answer in a conversation.</summary>
/// <param name="Question">The question as asked.</param>
/// <param name="StandaloneQuestion">The question made standalone (the same as <paramref name="Question"/> unless it was a follow-up).</param>
/// <param name="Answer">The answer text.</param>
public sealed record ConversationTurn(string Question, string StandaloneQuestion, string Answer);
