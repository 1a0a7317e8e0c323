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
    /// <summary>The sorted analysed words of <paramref name="question"/>, space-separated ("" when it has none).</summary>
    public static string Of(string question) => Of(QuestionAnalyzer.Analyze(question));

    /// <summary>The sorted analysed words of <paramref name="analyzed"/>, space-separated; its bigrams when it has no words.</summary>
    public static string Of(AnalyzedQuestion analyzed)
    {
        IEnumerable<string> words = analyzed.Terms.Count > 0 ? analyzed.Terms.Select(t => t.Text) : analyzed.Bigrams;
        return string.Join(' ', words.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// True when a question of words <paramref name="asked"/> is the one of <paramref name="curated"/>: the same analysed
    /// words, whatever the punctuation, particles and question words ("望川市的地铁什么时候开通？" and "望川市地铁什么时候开通").
    /// Nothing looser: over the 2,594 questions of the shared evaluation sets, every pair with the same words asks the same
    /// thing (11 pairs), while pairs that differ in one word ask different things at any overlap (汽油 / 柴油 prices at
    /// 0.86, 1992 / 2017 at 0.80, 福彩 / 体彩 and 县 / 区 differing in one character): a curated answer for one must not
    /// serve the other. The README's inbox section gives the figures.
    /// </summary>
    public static bool Match(string asked, string curated) => asked.Length > 0 && asked == curated;

    /// <summary>A short stable id of <paramref name="words"/>: 16 hex digits of their SHA-256 (within a button's 64 bytes).</summary>
    public static string GroupId(string words) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(words)))[..16];
}
