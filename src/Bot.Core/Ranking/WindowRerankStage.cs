using Bot.Core.Indexing;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>
/// Reranks the first articles by their best window of two consecutive sentences: the article holding two sentences
/// that together cover most of the question beats one that spreads its words thinly (<see cref="RankingWeights.RerankDepth"/>).
/// </summary>
public sealed class WindowRerankStage(RankingWeights weights) : IRankingStage
{
    private static readonly Comparer<ArticleHit> ByScore = Comparer<ArticleHit>.Create((x, y) => y.Score.CompareTo(x.Score));

    /// <inheritdoc />
    public ValueTask RankAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> ranked, CancellationToken cancellationToken)
    {
        Rank(snapshot, question, ranked);
        return ValueTask.CompletedTask;
    }

    private void Rank(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> ranked)
    {
        var depth = Math.Min(weights.RerankDepth, ranked.Count);
        if (depth == 0)
            return;
        var coverage = new TermCoverage(question, snapshot.Index, weights);
        for (var i = 0; i < depth; i++)
        {
            var best = 0.0;
            var previous = "";
            foreach (var passage in snapshot.PassagesOf(ranked[i].Article))
            {
                for (var s = 0; s < passage.SentenceCount; s++)
                {
                    var sentence = QuestionAnalyzer.Fold(passage.Sentence(s));
                    var window = previous + sentence;
                    best = Math.Max(best, weights.WindowWordShare * coverage.Words(window) + weights.WindowBigramShare * coverage.Bigrams(window));
                    previous = sentence;
                }
            }
            ranked[i] = ranked[i] with { Score = ranked[i].Score + weights.WindowWeight * best };
        }
        ranked.Sort(0, depth, ByScore);
    }
}
