using Bot.Core.Search;

namespace Bot.Core.Newsroom;

/// <summary>
/// Which articles a subscription takes: its words analysed as a question's are (<see cref="QuestionAnalyzer"/>), and
/// every term found in the article's title or text, folded as the index folds them.
/// </summary>
public static class SubscriptionMatcher
{
    /// <summary>Longest subscription kept, in characters.</summary>
    public const int MaxLength = 64;

    /// <summary><paramref name="words"/> with its spaces made single; null when it is empty or too long.</summary>
    public static string? Normalize(string words)
    {
        var parts = words.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var joined = string.Join(' ', parts);
        return joined.Length is 0 or > MaxLength ? null : joined;
    }

    /// <summary>The terms every matching article must contain; empty when the words name nothing (only question or function words).</summary>
    public static IReadOnlyList<string> Terms(string words) =>
        QuestionAnalyzer.Analyze(words).Terms.Select(t => t.Text).Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The article's title and text as terms are looked for in them.</summary>
    public static string Folded(string title, string body) => QuestionAnalyzer.Fold(title + "\n" + body);

    /// <summary>True when every term is in <paramref name="folded"/> (and there is at least one).</summary>
    public static bool Matches(IReadOnlyList<string> terms, string folded) =>
        terms.Count > 0 && terms.All(t => folded.Contains(t, StringComparison.Ordinal));
}
