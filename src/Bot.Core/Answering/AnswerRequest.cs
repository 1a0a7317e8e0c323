namespace Bot.Core.Answering;

/// <summary>One question to answer, with what the asker wants besides the answer.</summary>
/// <param name="Question">The question as asked.</param>
/// <param name="History">The conversation's earlier turns, read for follow-ups.</param>
/// <param name="Progress">Receives the answer text so far while it is written (see <see cref="IQuestionAnswerer.AnswerStreamingAsync"/>).</param>
/// <param name="WithContext">Build the passages an LLM would read even when none writes the answer (<c>ask --context</c>, <c>eval</c>).</param>
public sealed record AnswerRequest(string Question, IReadOnlyList<ConversationTurn>? History = null, IProgress<string>? Progress = null, bool WithContext = false);
