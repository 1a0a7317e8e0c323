using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// Writes a grounded answer with the LLM from the draft's context: asks the model to answer only from the passages with
/// [n] citations, maps the citations to the real sources, and declines when the model cites nothing and retrieval was
/// weak. Any LLM failure (timeout, error, unreachable, breaker open), and a reply not grounded in the passages, gives
/// the <see cref="ExtractiveWriter"/>'s answer on the same draft with a note.
/// </summary>
public sealed class LlmWriter(ExtractiveWriter fallback, LlmChat chat, AnswerComposer composer, AnswerScope scope, TextCatalog catalog,
    IOptions<AnsweringOptions> answering, ILogger<LlmAnswerer> logger) : IAnswerWriter
{
    /// <inheritdoc />
    public bool ReadsContext => true;

    /// <inheritdoc />
    public async Task<Answer> WriteAsync(AnswerDraft draft, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        if (draft.LlmFailed)
            return Fallback(draft, "answer.llmFallback");
        // A decline made by the rules before the model is asked is said as such ("offline"), not as the model's.
        if (draft.Reply is { } decided)
            return decided;
        var context = draft.Context ?? AnswerContext.Empty;
        if (context.Blocks.Count == 0)
            return composer.Decline(draft, draft.Retrieval) with { StandaloneQuestion = draft.Changed };

        if (await chat.TryCompleteAsync(GroundedPrompt.Build(draft.Standalone, context, draft.History, draft.Today, draft.DateRange), progress, cancellationToken).ConfigureAwait(false) is not { } reply)
            return Fallback(draft, "answer.llmFallback");

        var blocks = context.Blocks;
        var (text, cited) = CitationMapper.Map(reply, blocks.Count);
        if (cited.Count == 0 && (!scope.Holds(draft.Retrieval, answering.Value.MinCoverage) || text.Length == 0))
        {
            // No support in the passages and weak retrieval: the knowledge lacks the answer, as the model's reply says.
            return composer.Decline(draft, draft.Retrieval) with { StandaloneQuestion = draft.Changed, Mode = AnswerMode.Llm };
        }
        var citedBlocks = cited.Select(i => blocks[i]).ToList();
        if (cited.Count == 0 || !Grounded.SharesWith(text, citedBlocks.Select(b => b.Text))
            || !(Grounded.About(draft.Analyzed, citedBlocks) || scope.FoundByMeaning(draft.Retrieval)))
        {
            // A reply that cites nothing, says nothing the passages it cites say, or cites only passages that share
            // nothing with the question, is not a grounded answer (an instruction planted in a passage, a model
            // answering from memory): the offline answer is shown instead. Passages found by meaning may share no
            // words with the question (another language), so there the embedding model's judgement stands.
            logger.LogWarning("LLM reply not grounded in the passages ({Cited} cited); giving the offline answer", cited.Count);
            return Fallback(draft, "answer.llmUngrounded");
        }
        var sources = citedBlocks.Select(AnswerComposer.Cite).ToList();
        return new Answer(draft.Question, text, AnswerStatus.Answered, sources, draft.Elapsed) { StandaloneQuestion = draft.Changed, Mode = AnswerMode.Llm };
    }

    // The extractive answer of the same draft: no second lease, embedding, rerank or retrieval.
    private Answer Fallback(AnswerDraft draft, string note) => fallback.Write(draft) is var a && a.Status == AnswerStatus.Invalid
        ? a
        : a with { Note = catalog.Get(draft.Language, note), Elapsed = draft.Elapsed, Mode = AnswerMode.Fallback };
}
