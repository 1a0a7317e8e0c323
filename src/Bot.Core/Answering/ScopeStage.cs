using Bot.Core.Indexing;
using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// Declines when the knowledge cannot hold the answer (<see cref="AnswerScope"/>): no passage holds enough of the
/// question (<c>Answering:MinCoverage</c>), or a name or measured thing it asks about is absent. No writer is asked then.
/// </summary>
public sealed class ScopeStage(AnswerScope scope, AnswerComposer composer, IOptions<AnsweringOptions> options) : IAnswerStage
{
    /// <inheritdoc />
    public int Order => AnswerPipeline.RetrievalOrder + 100;

    /// <inheritdoc />
    public ValueTask<AnswerDraft> RunAsync(AnswerDraft draft, KnowledgeSnapshot snapshot, int topArticles, CancellationToken cancellationToken)
    {
        var retrieval = draft.Retrieval;
        var gap = scope.Find(snapshot, draft.Analyzed, retrieval);
        // A name written nowhere is said first: "知识库里没有关于望川市的报道" tells more than "没有找到".
        if (gap is { Name: true })
            return Decline(composer.Decline(draft, gap));
        if (retrieval.Selected.Count == 0 || !scope.Holds(retrieval, options.Value.MinCoverage))
            return Decline(composer.Decline(draft, retrieval));
        if (gap is not null)
            return Decline(composer.Decline(draft, gap));
        return ValueTask.FromResult(draft);

        // A question without Chinese whose meaning was not searched, with no embedding model or with one not answering:
        // say why, not only that nothing was found.
        ValueTask<AnswerDraft> Decline(Answer answer) => ValueTask.FromResult(draft.Decide(
            draft.Analyzed.IsChinese || scope.SearchedMeaning(retrieval) ? answer
            : answer with { Text = scope.FindsMeaning ? Messages.OtherScriptModelDown(draft.Language) : Messages.OtherScript(draft.Language), Sources = [] }));
    }
}
