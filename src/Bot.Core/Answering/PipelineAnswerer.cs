namespace Bot.Core.Answering;

/// <summary>
/// An answerer made of the one <see cref="AnswerPipeline"/>, a follow-up rewriter and a writer. The draft travels with
/// the answer (<see cref="Answer.Draft"/>) when the asker asked for the context (<see cref="AnswerRequest.WithContext"/>),
/// so that <c>ask --context</c>, <c>eval</c> and <c>bench</c> read what was found instead of finding it again.
/// </summary>
public abstract class PipelineAnswerer(AnswerPipeline pipeline, IFollowUpRewriter rewriter, IAnswerWriter writer) : IQuestionAnswerer
{
    /// <inheritdoc />
    public async Task<Answer> AnswerAsync(AnswerRequest request, CancellationToken cancellationToken = default)
    {
        var draft = await pipeline.DraftAsync(request, rewriter, writer.ReadsContext, cancellationToken).ConfigureAwait(false);
        var answer = draft.Scoped(await writer.WriteAsync(draft, request.Progress, cancellationToken).ConfigureAwait(false));
        return request.WithContext ? answer with { Draft = draft } : answer;
    }
}
