using Bot.Core.Indexing;
using Bot.Core.Knowledge;

namespace Bot.Core.Search;

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
    public IReadOnlyList<ArticleHit> RankArticles(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int count)
    {
        var ranked = snapshot.Index.Candidates(question, weights);
        foreach (var stage in _stages)
            stage.Rank(snapshot, question, ranked);
        // An article found by its whole text alone is cited by its first passages.
        return ranked
            .Take(count)
            .Select(h => h.Passages.Count > 0 ? h : h with { Passages = snapshot.PassagesOf(h.Article).Take(3).Select(p => new PassageHit(p, 0)).ToList() })
            .ToList();
    }

    /// <inheritdoc />
    public Retrieval Retrieve(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles)
    {
        var articles = RankArticles(snapshot, question, Math.Max(topArticles, weights.ArticlesConsidered));
        return articles.Count == 0 ? Retrieval.None : selector.Select(snapshot, question, articles);
    }
}
