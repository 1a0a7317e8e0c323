using Bot.Core.Knowledge;
using Bot.Core.Search;

namespace Bot.Core.Answering;

/// <summary>Whether an LLM's reply says something the passages it cites say.</summary>
public static class Grounded
{
    // A grounded Chinese answer restates its passages, so most of its bigrams stand in them; a fifth leaves room for
    // paraphrase and still refuses a reply made of other words. Not yet measured against a real model's replies (no
    // endpoint here): the tests hold the two ends, a quoting reply and one that shares nothing.
    private const double MinSharedBigrams = 0.2;

    /// <summary>
    /// True when enough of <paramref name="reply"/>'s character bigrams appear in <paramref name="cited"/>. A reply with
    /// few Chinese characters (an English answer over Chinese passages) cannot be compared this way and counts as grounded.
    /// </summary>
    public static bool SharesWith(string reply, IEnumerable<string> cited)
    {
        var bigrams = Bigrams(reply);
        if (bigrams.Count < 4)
            return true;
        var source = QuestionAnalyzer.Fold(string.Concat(cited));
        var shared = bigrams.Count(source.Contains);
        return (double)shared / bigrams.Count >= MinSharedBigrams;
    }

    /// <summary>
    /// True when one of <paramref name="cited"/> (title or text) holds one of the question's content words or bigrams:
    /// a reply resting only on passages about something else answers another question.
    /// </summary>
    public static bool About(AnalyzedQuestion question, IEnumerable<ContextBlock> cited)
    {
        foreach (var block in cited)
        {
            var text = QuestionAnalyzer.Fold(block.Hit.Article.Title + "\n" + block.Text);
            if (question.HasWordIn(text) || question.Bigrams.Any(b => text.Contains(b, StringComparison.Ordinal)))
                return true;
        }
        return false;
    }

    private static HashSet<string> Bigrams(string text)
    {
        var folded = QuestionAnalyzer.Fold(text);
        var set = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < folded.Length; i++)
        {
            if (TextRules.IsCjk(folded[i]) && TextRules.IsCjk(folded[i + 1]))
                set.Add(folded.Substring(i, 2));
        }
        return set;
    }
}
