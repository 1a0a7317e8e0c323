namespace Bot.Core.Answering;

/// <summary>
/// Answers without an LLM: the pipeline retrieves and checks the scope, and the <see cref="ExtractiveWriter"/> gives the
/// sentence or two that answer best; when no passage holds enough of the question (<c>Answering:MinCoverage</c>), or
/// what it asks about is not in the knowledge (<see cref="AnswerScope"/>), it says so.
/// </summary>
public sealed class OfflineAnswerer(AnswerPipeline pipeline, OfflineFollowUpRewriter rewriter, ExtractiveWriter writer)
    : PipelineAnswerer(pipeline, rewriter, writer);
