using Bot.Core.Indexing;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>Finds the articles and the sentences that answer a question. Answerers, eval and bench all go through it.</summary>
public interface IRetriever
{
    /// <summary>The best <paramref name="count"/> articles for <paramref name="question"/>, best first, each with its best passages.</summary>
    ValueTask<IReadOnlyList<ArticleHit>> RankArticlesAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int count, CancellationToken cancellationToken = default);

    /// <summary>The ranked articles (at least <paramref name="topArticles"/>) and the sentences chosen to answer.</summary>
    ValueTask<Retrieval> RetrieveAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, CancellationToken cancellationToken = default);

    /// <summary>
    /// The ranked articles (at least <paramref name="topArticles"/>) and the best share of the question one of their passages
    /// holds, with no sentence chosen: enough to tell whether the knowledge would answer, for half the cost of
    /// <see cref="RetrieveAsync"/>.
    /// </summary>
    ValueTask<Retrieval> FindAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, CancellationToken cancellationToken = default);

    /// <summary>
    /// For a question scoped in time: what <see cref="RetrieveAsync"/> gives in its range, the candidates of the whole
    /// knowledge found in the same search of the index, for <see cref="FindAnywhereAsync"/> when nothing in range answers,
    /// and the undated articles left out among the best <paramref name="undatedCounted"/>.
    /// </summary>
    ValueTask<ScopedRetrieval> RetrieveWithinAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles, int undatedCounted, CancellationToken cancellationToken = default);

    /// <summary>
    /// What <see cref="FindAsync"/> gives for the question without its range, from the candidates
    /// <see cref="RetrieveWithinAsync"/> found: the index is not searched again.
    /// </summary>
    ValueTask<Retrieval> FindAnywhereAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, ScopedRetrieval scoped, int topArticles, CancellationToken cancellationToken = default);
}

/// <summary>A scoped question's retrieval in its range, and the whole knowledge's candidates, not yet ranked by the stages.</summary>
/// <param name="InRange">The articles and sentences of the range, as <see cref="IRetriever.RetrieveAsync"/> gives them.</param>
/// <param name="Anywhere">The candidates without the range, as the index found them.</param>
/// <param name="UndatedLeftOut">Undated articles the range leaves out that would have been among the best.</param>
public sealed record ScopedRetrieval(Retrieval InRange, IReadOnlyList<ArticleHit> Anywhere, int UndatedLeftOut);
