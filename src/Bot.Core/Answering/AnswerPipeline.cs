using System.Diagnostics;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// The steps every answer goes through, run once per question: validate, make a follow-up standalone, analyse, lease
/// the knowledge, then the <see cref="IAnswerStage"/>s in order (retrieval, the scope check, and whatever else is
/// registered), and the LLM context when a writer reads it. The draft it yields is what writers turn into an answer.
/// </summary>
public sealed class AnswerPipeline(IKnowledgeStore store, AnswerComposer composer, ContextBuilder contextBuilder, IEnumerable<IAnswerStage> stages,
    TextCatalog catalog, IOptions<AnsweringOptions> answering, IOptions<LlmOptions> llm)
{
    /// <summary>The <see cref="IAnswerStage.Order"/> of retrieval: a stage that narrows what is searched runs before it, a check after.</summary>
    public const int RetrievalOrder = 100;

    private readonly IAnswerStage[] _stages = stages.OrderBy(s => s.Order).ToArray();

    /// <summary>
    /// Drafts the answer to <paramref name="request"/>: <paramref name="rewriter"/> makes a follow-up standalone, and with
    /// <paramref name="readsContext"/> (or <see cref="AnswerRequest.WithContext"/>) the passages an LLM reads are chosen.
    /// </summary>
    public async Task<AnswerDraft> DraftAsync(AnswerRequest request, IFollowUpRewriter rewriter, bool readsContext, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var question = request.Question ?? "";
        var trimmed = question.Trim();
        var draft = new AnswerDraft { Question = question, Language = catalog.LanguageOfText(trimmed), Standalone = trimmed, History = request.History };
        if (composer.Validate(question) is { } invalid)
            return draft.Decide(invalid, DraftEnd.Early);

        // Before the lease: an LLM's rewrite may take seconds, and a lease held that long pins an old snapshot.
        var followUp = await rewriter.RewriteAsync(trimmed, request.History, cancellationToken).ConfigureAwait(false);
        draft = draft with
        {
            Standalone = followUp.Standalone,
            Changed = followUp.Standalone == trimmed ? null : followUp.Standalone,
            Analyzed = Search.QuestionAnalyzer.Analyze(followUp.Standalone),
            LlmFailed = followUp.LlmFailed,
        };

        var wantsContext = readsContext || request.WithContext;
        var top = wantsContext ? Math.Max(answering.Value.TopSources, contextBuilder.ArticlesRead) : answering.Value.TopSources;
        using var lease = store.Acquire();
        var snapshot = lease.Snapshot;
        if (snapshot.Passages.Count == 0)
            return draft.Decide(new Answer(question, Messages.NoKnowledge(draft.Language), AnswerStatus.NotFound, [], draft.Elapsed) { Declined = DeclineReason.NoKnowledge }, DraftEnd.Early);
        if (draft.Analyzed.IsEmpty)
            return draft.Decide(new Answer(question, Messages.NoContent(draft.Language), AnswerStatus.NotFound, [], draft.Elapsed) { Declined = DeclineReason.NoContent }, DraftEnd.Early);

        var started = Stopwatch.GetTimestamp();
        foreach (var stage in _stages)
        {
            draft = await stage.RunAsync(draft, snapshot, top, cancellationToken).ConfigureAwait(false);
            if (draft.Decided)
                break;
        }
        var retrieved = Stopwatch.GetElapsedTime(started);

        // The context of a decided draft is built only when asked for: no writer reads it.
        if (request.WithContext || (readsContext && !draft.Decided))
        {
            started = Stopwatch.GetTimestamp();
            draft = draft with { Context = contextBuilder.Build(snapshot, draft.Analyzed, draft.Retrieval.Articles, llm.Value.ContextChars) };
        }
        return draft with { Timings = new DraftTimings(retrieved, draft.Context is null ? TimeSpan.Zero : Stopwatch.GetElapsedTime(started)) };
    }
}
