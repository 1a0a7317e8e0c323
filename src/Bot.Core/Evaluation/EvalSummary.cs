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
    /// <summary>Median characters of the answers given (declines left out).</summary>
    public double MedianAnswerChars { get; init; }

    /// <summary>Sources listed per answer given.</summary>
    public double? SourcesPerAnswer { get; init; }

    /// <summary>The share of listed sources that the answer quotes or cites.</summary>
    public double? SourcesCited { get; init; }

    /// <summary>In-scope questions declined (the knowledge holds the answer).</summary>
    public int DeclinedWhenAnswerable { get; init; }

    /// <summary>Out-of-scope questions answered (the knowledge does not hold the answer).</summary>
    public int AnsweredWhenAbsent { get; init; }

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
            articles)
        {
            MedianAnswerChars = Percentiles.Of(results.Where(r => r.Answered).Select(r => (double)r.Answer.Length).Order().ToList(), 0.5),
            SourcesPerAnswer = results.Any(r => r.Answered) ? Math.Round(results.Where(r => r.Answered).Average(r => r.Sources), 3) : null,
            SourcesCited = results.Sum(r => r.Sources) is > 0 and var listed ? Math.Round((double)results.Sum(r => r.SourcesCited) / listed, 4) : null,
            DeclinedWhenAnswerable = results.Count(r => r.Gold.Count > 0 && !r.Answered),
            AnsweredWhenAbsent = results.Count(r => r.Gold.Count == 0 && r.Answered),
        };
    }

    private static double? Share(IReadOnlyCollection<EvalResult> set, Func<EvalResult, bool> predicate) =>
        set.Count == 0 ? null : Math.Round((double)set.Count(predicate) / set.Count, 4);
}
