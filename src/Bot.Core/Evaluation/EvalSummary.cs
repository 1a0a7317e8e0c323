namespace Bot.Core.Evaluation;

/// <summary>Figures over a whole evaluation run.</summary>
public sealed record EvalSummary(
    int Questions,
    int WithDocIds,
    double? HitAt1,
    double? HitAt5,
    double? HitAt10,
    double? MrrAt10,
    double? AnswerInTopArticle,
    double? ContextRecall,
    double MedianContextChars,
    int InScope,
    double? Accuracy,
    double? WronglyDeclined,
    int OutOfScope,
    double? Declined,
    int Conversations,
    double? ConversationAccuracy,
    double MedianMs,
    double P95Ms,
    double IndexMs,
    int Articles)
{
    /// <summary>Computes the summary of <paramref name="results"/>.</summary>
    public static EvalSummary From(IReadOnlyList<EvalResult> results, double indexMs, int articles)
    {
        var ranked = results.Where(r => r.GoldRank is not null).ToList();
        var inScope = results.Where(r => r.Gold.Count > 0 && !r.IsConversation).ToList();
        var outOfScope = results.Where(r => r.Gold.Count == 0).ToList();
        var conversations = results.Where(r => r.IsConversation && r.Gold.Count > 0).ToList();
        var latencies = results.Select(r => r.ElapsedMs).Order().ToList();

        return new EvalSummary(
            results.Count,
            ranked.Count,
            Share(ranked, r => r.GoldRank is >= 1 and <= 1),
            Share(ranked, r => r.GoldRank is >= 1 and <= 5),
            Share(ranked, r => r.GoldRank is >= 1 and <= 10),
            ranked.Count == 0 ? null : Math.Round(ranked.Average(r => r.GoldRank is > 0 ? 1.0 / r.GoldRank.Value : 0), 4),
            Share(results.Where(r => r.AnswerInTopArticle is not null).ToList(), r => r.AnswerInTopArticle == true),
            Share(results.Where(r => r.ContextHoldsAnswer is not null).ToList(), r => r.ContextHoldsAnswer == true),
            Percentiles.Of(results.Where(r => r.Gold.Count > 0).Select(r => (double)r.ContextChars).Order().ToList(), 0.5),
            inScope.Count,
            Share(inScope, r => r.Correct),
            Share(inScope, r => !r.Answered),
            outOfScope.Count,
            Share(outOfScope, r => !r.Answered),
            conversations.Count,
            Share(conversations, r => r.Correct),
            Percentiles.Of(latencies, 0.5),
            Percentiles.Of(latencies, 0.95),
            Math.Round(indexMs, 1),
            articles);
    }

    private static double? Share(IReadOnlyCollection<EvalResult> set, Func<EvalResult, bool> predicate) =>
        set.Count == 0 ? null : Math.Round((double)set.Count(predicate) / set.Count, 4);
}
