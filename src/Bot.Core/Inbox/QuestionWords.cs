using System.Security.Cryptography;
using System.Text;
using Bot.Core.Search;

namespace Bot.Core.Inbox;

/// <summary>
/// A question reduced to its analysed words (<see cref="QuestionAnalyzer"/>: content words, question words removed),
/// sorted: what groups similar questions in the inbox, and what a curated answer is matched on.
/// </summary>
public static class QuestionWords
{
    /// <summary>
    /// The share of words two questions must have in common (of all the words either has) for a curated answer of one to
    /// serve the other, when their words are not the same. Measured on the shared evaluation questions (see the README's
    /// inbox section): no two different questions there reach it, while a question with one word more or less than a
    /// curated one of four words or more does (4 of 5 = 0.8).
    /// </summary>
    public const double MinOverlap = 0.8;

    /// <summary>The sorted analysed words of <paramref name="question"/>, space-separated ("" when it has none).</summary>
    public static string Of(string question) => Of(QuestionAnalyzer.Analyze(question));

    /// <summary>The sorted analysed words of <paramref name="analyzed"/>, space-separated; its bigrams when it has no words.</summary>
    public static string Of(AnalyzedQuestion analyzed)
    {
        IEnumerable<string> words = analyzed.Terms.Count > 0 ? analyzed.Terms.Select(t => t.Text) : analyzed.Bigrams;
        return string.Join(' ', words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>The words two word lists share, of all the words either has (Jaccard): 1 when they are the same.</summary>
    public static double Overlap(string a, string b)
    {
        if (a == b)
            return a.Length == 0 ? 0 : 1;
        var x = a.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
        var y = b.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var shared = y.Distinct(StringComparer.Ordinal).Count(x.Contains);
        var all = x.Count + y.Distinct(StringComparer.Ordinal).Count() - shared;
        return all == 0 ? 0 : (double)shared / all;
    }

    /// <summary>True when a question of words <paramref name="asked"/> is the one of <paramref name="curated"/> (<see cref="MinOverlap"/>).</summary>
    public static bool Match(string asked, string curated) => Overlap(asked, curated) >= MinOverlap;

    /// <summary>A short stable id of <paramref name="words"/>: 16 hex digits of their SHA-256 (within a button's 64 bytes).</summary>
    public static string GroupId(string words) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(words)))[..16];
}
