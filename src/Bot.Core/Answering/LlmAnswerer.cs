namespace Bot.Core.Answering;

/// <summary>
/// Answers with an LLM through Semantic Kernel: the pipeline drafts (a follow-up made standalone by the LLM), and the
/// <see cref="LlmWriter"/> writes the grounded answer, or the offline answer of the same draft when the LLM fails.
/// </summary>
public sealed class LlmAnswerer(AnswerPipeline pipeline, LlmFollowUpRewriter rewriter, LlmWriter writer) : PipelineAnswerer(pipeline, rewriter, writer)
{
    /// <summary>The note shown above an offline answer given because the LLM failed.</summary>
    public static string FallbackNote(string language) => TextCatalog.Default.Get(language, "answer.llmFallback");

    /// <summary>The note shown above an offline answer given because the LLM's reply was not grounded in the passages.</summary>
    public static string UngroundedNote(string language) => TextCatalog.Default.Get(language, "answer.llmUngrounded");
}
