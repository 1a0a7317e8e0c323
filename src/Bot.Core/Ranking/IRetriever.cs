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
}
