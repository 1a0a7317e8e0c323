using Bot.Core.Indexing;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>
/// One stage of article ranking after the candidates are fused: it may rescore and reorder the list in place. Stages
/// run in the order they are registered; a new one (vector similarity, a rerank model) is added, not woven in.
/// </summary>
public interface IRankingStage
{
    /// <summary>
    /// Rescores and reorders <paramref name="ranked"/> (best first) for <paramref name="question"/>; it may add articles
    /// the stages before it did not find. A stage that calls a service completes asynchronously; the others synchronously.
    /// </summary>
    ValueTask RankAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> ranked, CancellationToken cancellationToken);
}
