using Bot.Core.Indexing;
using Bot.Core.Knowledge;

namespace Bot.Core.Search;

/// <summary>Finds the articles and the sentences that answer a question. Answerers, eval and bench all go through it.</summary>
public interface IRetriever
{
    /// <summary>The best <paramref name="count"/> articles for <paramref name="question"/>, best first, each with its best passages.</summary>
    IReadOnlyList<ArticleHit> RankArticles(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int count);

    /// <summary>The ranked articles (at least <paramref name="topArticles"/>) and the sentences chosen to answer.</summary>
    Retrieval Retrieve(KnowledgeSnapshot snapshot, AnalyzedQuestion question, int topArticles);
}
