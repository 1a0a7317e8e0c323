namespace Bot.Core.Evaluation;

/// <summary>The one way latencies are summarised, in <c>eval</c>, <c>bench</c> and <c>/stats</c>.</summary>
public static class Percentiles
{
    /// <summary>The <paramref name="p"/> quantile (nearest rank) of sorted values, rounded to 0.01; 0 when there are none.</summary>
    public static double Of(IReadOnlyList<double> sorted, double p)
    {
        if (sorted.Count == 0)
            return 0;
        var rank = (int)Math.Ceiling(p * sorted.Count) - 1;
        return Math.Round(sorted[Math.Clamp(rank, 0, sorted.Count - 1)], 2);
    }
}
