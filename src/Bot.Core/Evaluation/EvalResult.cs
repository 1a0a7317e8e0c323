namespace Bot.Core.Evaluation;

/// <summary>The outcome of one evaluation question.</summary>
/// <param name="Id">Question id.</param>
/// <param name="Question">The (last) question asked.</param>
/// <param name="Gold">The gold answers (empty: should be declined).</param>
/// <param name="Answer">What the bot answered.</param>
/// <param name="Answered">True when the bot answered rather than declined.</param>
/// <param name="Correct">In scope: answered and containing a gold answer. Out of scope: declined.</param>
/// <param name="GoldRank">1-based rank of the first gold article among the top 10, 0 when absent, null without doc ids.</param>
/// <param name="ElapsedMs">Time to answer.</param>
/// <param name="IsConversation">True for a multi-turn line.</param>
public sealed record EvalResult(string Id, string Question, IReadOnlyList<string> Gold, string Answer, bool Answered, bool Correct, int? GoldRank, double ElapsedMs, bool IsConversation)
{
    /// <summary>
    /// True when the first retrieved article holds a gold answer, whether or not it is a gold article: doc ids that are
    /// silver labels miss near-duplicates that say the same. Null without doc ids or gold answers.
    /// </summary>
    public bool? AnswerInTopArticle { get; init; }

    /// <summary>True when the context an LLM would be given (<c>Llm:ContextChars</c>) holds a gold answer; null out of scope.</summary>
    public bool? ContextHoldsAnswer { get; init; }

    /// <summary>Characters of that context (titles and sentences).</summary>
    public int ContextChars { get; init; }

    /// <summary>Sources the answer listed.</summary>
    public int Sources { get; init; }

    /// <summary>Of those, the sources a part of the answer quotes (all of an LLM answer's, which cites what it lists).</summary>
    public int SourcesCited { get; init; }
}
