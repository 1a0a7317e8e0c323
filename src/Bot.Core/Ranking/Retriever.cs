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
    public async ValueTask<Retrieval> RetrieveAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, CancellationToken cancellationToken = default)
    {
        var articles = await RankArticlesAsync(snapshot, question, Math.Max(topArticles, weights.ArticlesConsidered), cancellationToken).ConfigureAwait(false);
        return articles.Count == 0 ? Retrieval.None : selector.Select(snapshot, question, articles);
    }

    /// <inheritdoc />
    public async ValueTask<Retrieval> FindAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, CancellationToken cancellationToken = default)
    {
        var articles = await RankArticlesAsync(snapshot, question, Math.Max(topArticles, weights.ArticlesConsidered), cancellationToken).ConfigureAwait(false);
        return articles.Count == 0 ? Retrieval.None : selector.Cover(snapshot, question, articles);
    }

    /// <inheritdoc />
    public async ValueTask<ScopedRetrieval> RetrieveWithinAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, int undatedCounted, CancellationToken cancellationToken = default)
    {
        var found = snapshot.Index.CandidatesWithin(question, weights, undatedCounted);
        var articles = await RankAsync(snapshot, question, found.InRange, Math.Max(topArticles, weights.ArticlesConsidered), cancellationToken).ConfigureAwait(false);
        return new ScopedRetrieval(articles.Count == 0 ? Retrieval.None : selector.Select(snapshot, question, articles), found.Anywhere, found.UndatedLeftOut);
    }

    /// <inheritdoc />
    public async ValueTask<Retrieval> FindAnywhereAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, ScopedRetrieval scoped, int topArticles, CancellationToken cancellationToken = default)
    {
        var anywhere = question with { Within = null };
        var articles = await RankAsync(snapshot, anywhere, [.. scoped.Anywhere], Math.Max(topArticles, weights.ArticlesConsidered), cancellationToken).ConfigureAwait(false);
        return articles.Count == 0 ? Retrieval.None : selector.Cover(snapshot, anywhere, articles);
    }
}
