using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;

namespace Bot.Core.Answering;

/// <summary>Ranks the articles for the standalone question and selects the sentences that answer it (<see cref="IRetriever"/>).</summary>
public sealed class RetrievalStage(IRetriever retriever) : IAnswerStage
{
    /// <inheritdoc />
    public int Order => AnswerPipeline.RetrievalOrder;

    /// <inheritdoc />
    public async ValueTask<AnswerDraft> RunAsync(AnswerDraft draft, KnowledgeSnapshot snapshot, int topArticles, CancellationToken cancellationToken) =>
        // A stage before it may have retrieved already (the time scope, within its range).
        draft.Retrieval != Retrieval.None ? draft
            : draft with { Retrieval = await retriever.RetrieveAsync(snapshot, draft.Analyzed, topArticles, cancellationToken).ConfigureAwait(false) };
}
