using Bot.Core.Indexing;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>
/// Retrieval in stages: candidates fused from whole-article and passage BM25 (<see cref="KnowledgeIndex.Candidates"/>),
/// then each <see cref="IRankingStage"/> in order, then sentence selection.
/// </summary>
public sealed class Retriever(RankingWeights weights, IEnumerable<IRankingStage> stages, SentenceSelector selector) : IRetriever
{
    private readonly IRankingStage[] _stages = stages.ToArray();

    /// <summary>The stages registered by default (the window rerank), for use outside dependency injection (benchmarks, tests).</summary>
    public static Retriever WithDefaultStages(RankingWeights weights) => new(weights, [new WindowRerankStage(weights)], new SentenceSelector(weights));

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<ArticleHit>> RankArticlesAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int count, CancellationToken cancellationToken = default) =>
        RankAsync(snapshot, question, snapshot.Index.Candidates(question, weights), count, cancellationToken);

    private async ValueTask<IReadOnlyList<ArticleHit>> RankAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> ranked, int count, CancellationToken cancellationToken)
    {
        foreach (var stage in _stages)
            await stage.RankAsync(snapshot, question, ranked, cancellationToken).ConfigureAwait(false);
        // An article found by its whole text alone is cited by its first passages.
        return ranked
            .Take(count)
            .Select(h => h.Passages.Count > 0 ? h : h with { Passages = snapshot.PassagesOf(h.Article).Take(3).Select(p => new PassageHit(p, 0)).ToList() })
            .ToList();
    }

    /// <inheritdoc />
    public ValueTask<Retrieval> RetrieveAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, CancellationToken cancellationToken = default) =>
        SelectAsync(snapshot, question, snapshot.Index.Candidates(question, weights), topArticles, cancellationToken);

    /// <inheritdoc />
    public ValueTask<Retrieval> FindAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, CancellationToken cancellationToken = default) =>
        CoverAsync(snapshot, question, snapshot.Index.Candidates(question, weights), topArticles, cancellationToken);

    /// <inheritdoc />
    public async ValueTask<ScopedRetrieval> RetrieveWithinAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, int undatedCounted, CancellationToken cancellationToken = default)
    {
        var found = snapshot.Index.CandidatesWithin(question, weights, undatedCounted);
        var inRange = await SelectAsync(snapshot, question, found.InRange, topArticles, cancellationToken).ConfigureAwait(false);
        return new ScopedRetrieval(inRange, found.Anywhere, found.UndatedLeftOut);
    }

    /// <inheritdoc />
    public ValueTask<Retrieval> FindAnywhereAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, ScopedRetrieval scoped, int topArticles, CancellationToken cancellationToken = default) =>
        CoverAsync(snapshot, question with { Within = null }, [.. scoped.Anywhere], topArticles, cancellationToken);

    // The candidates ranked by the stages, then the sentences that answer chosen from them.
    private async ValueTask<Retrieval> SelectAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> candidates, int topArticles, CancellationToken cancellationToken)
    {
        var articles = await RankAsync(snapshot, question, candidates, Math.Max(topArticles, weights.ArticlesConsidered), cancellationToken).ConfigureAwait(false);
        return articles.Count == 0 ? Retrieval.None : selector.Select(snapshot, question, articles);
    }

    // The candidates ranked by the stages, and the best share of the question one of their passages holds; no sentence chosen.
    private async ValueTask<Retrieval> CoverAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> candidates, int topArticles, CancellationToken cancellationToken)
    {
        var articles = await RankAsync(snapshot, question, candidates, Math.Max(topArticles, weights.ArticlesConsidered), cancellationToken).ConfigureAwait(false);
        return articles.Count == 0 ? Retrieval.None : selector.Cover(snapshot, question, articles);
    }
}
