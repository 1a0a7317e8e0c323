namespace Bot.Core.Time;

/// <summary>
/// What a question says about time: the articles it is scoped to (<see cref="Scope"/>, "上周的新闻", "yesterday"), or the
/// period of a fact it asks about (<see cref="Period"/>, "2023年上半年，新增装机规模为多少？"), which articles of that
/// period or shortly after report and which excludes nothing.
/// </summary>
/// <param name="Expressions">Every time expression found, in order.</param>
/// <param name="Scope">The days the articles must be dated in, or null.</param>
/// <param name="Period">The period of the fact asked about, when the question is not scoped; else null.</param>
/// <param name="SearchText">The question with the scoping expressions and news words blanked, to search with.</param>
/// <param name="AsksForNews">
/// True when the question asks for the news ("今天有什么新闻？", "what's new", "1月5日的头版讲了什么"): when
/// <paramref name="SearchText"/> names nothing else to look up, the newest articles are the answer.
/// </param>
public sealed record TimeReading(IReadOnlyList<TimeExpression> Expressions, DateRange? Scope, DateRange? Period, string SearchText, bool AsksForNews)
{
    /// <summary>Nothing about time in <paramref name="question"/>.</summary>
    public static TimeReading None(string question) => new([], null, null, question, false);
}
