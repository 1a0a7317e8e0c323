using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;

namespace Bot.Core.Evaluation;

/// <summary>The candidate sentences of one question, as the answerer scores them, and which of them hold a gold answer.</summary>
/// <param name="QuestionId">The question's id in its set.</param>
/// <param name="Features">Each candidate's features.</param>
/// <param name="HoldsAnswer">Whether each candidate holds a gold answer.</param>
public sealed record SentenceGroup(string QuestionId, IReadOnlyList<SentenceFeatures> Features, IReadOnlyList<bool> HoldsAnswer)
{
    /// <summary>True when some candidate holds a gold answer: only then can a model choose right.</summary>
    public bool Answerable => HoldsAnswer.Contains(true);

    /// <summary>True when the candidate <paramref name="model"/> scores best holds a gold answer.</summary>
    public bool BestHoldsAnswer(SentenceModel model) => BestHoldsAnswer(i => model.Score(Features[i]));

    /// <summary>True when the candidate scored best by <paramref name="score"/> (of a candidate's index) holds a gold answer.</summary>
    public bool BestHoldsAnswer(Func<int, double> score)
    {
        var best = -1;
        var bestScore = double.NegativeInfinity;
        for (var i = 0; i < Features.Count; i++)
        {
            var s = score(i);
            if (s > bestScore)
                (best, bestScore) = (i, s);
        }
        return best >= 0 && HoldsAnswer[best];
    }
}

/// <summary>
/// Collects what a sentence model learns from: for each single-turn, in-scope question of an evaluation set, the candidate
/// sentences the answerer weighs (<see cref="SentenceSelector.Score"/> over the articles it ranks) and whether each holds a
/// gold answer. The fitting itself is the console's <c>bot fit</c>.
/// </summary>
public sealed class SentenceTraining(IKnowledgeStore store, IRetriever retriever, SentenceSelector selector, RankingWeights weights)
{
    /// <summary>One group per usable question, in the set's order.</summary>
    public async Task<IReadOnlyList<SentenceGroup>> CollectAsync(IReadOnlyList<EvalQuestion> questions, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var groups = new List<SentenceGroup>();
        using var lease = store.Acquire();
        var done = 0;
        foreach (var q in questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(++done);
            if (q.IsConversation || q.Answers is not { Count: > 0 } gold)
                continue;
            var analyzed = QuestionAnalyzer.Analyze(q.AllTurns[0]);
            if (analyzed.IsEmpty)
                continue;
            var articles = await retriever.RankArticlesAsync(lease.Snapshot, analyzed, weights.ArticlesConsidered, cancellationToken).ConfigureAwait(false);
            if (articles.Count == 0)
                continue;
            var (sentences, _) = selector.Score(lease.Snapshot, analyzed, articles, weights.ArticlesConsidered, weights.WholeArticles, allFeatures: true);
            groups.Add(new SentenceGroup(q.Id,
                sentences.Select(s => s.Features).ToArray(),
                sentences.Select(s => AnswerMatcher.Contains(s.Text, gold)).ToArray()));
        }
        return groups;
    }

    /// <summary>The share of <paramref name="groups"/> for which the sentence <paramref name="model"/> scores best holds a gold answer.</summary>
    public static double TopHit(IReadOnlyCollection<SentenceGroup> groups, SentenceModel model) =>
        groups.Count == 0 ? 0 : (double)groups.Count(g => g.BestHoldsAnswer(model)) / groups.Count;
}
