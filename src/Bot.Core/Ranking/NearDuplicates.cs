using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>
/// Remembers the text seen so far and tells whether a sentence says nothing new: most of its character bigrams already
/// seen (the same sentence in another report of the story, with a lead-in or a word changed), and no figure that was not
/// seen (reports that differ in a number are new evidence).
/// </summary>
public sealed class NearDuplicates(double share)
{
    private readonly HashSet<int> _bigrams = [];
    private readonly HashSet<string> _figures = new(StringComparer.Ordinal);

    /// <summary>Adds the bigrams and figures of <paramref name="text"/>.</summary>
    public void Add(string text)
    {
        foreach (var bigram in Bigrams(text))
            _bigrams.Add(bigram);
        foreach (var figure in Figures(text))
            _figures.Add(figure);
    }

    /// <summary>True when at least the configured share of <paramref name="text"/>'s bigrams (and at least four) and all its figures were seen.</summary>
    public bool IsDuplicate(string text)
    {
        var total = 0;
        var seen = 0;
        foreach (var bigram in Bigrams(text))
        {
            total++;
            if (_bigrams.Contains(bigram))
                seen++;
        }
        return total >= 4 && seen >= share * total && Figures(text).All(_figures.Contains);
    }

    // Pairs of consecutive letters or digits, punctuation and spaces skipped, folded as the index folds.
    private static IEnumerable<int> Bigrams(string text)
    {
        var previous = '\0';
        foreach (var raw in text)
        {
            if (!char.IsLetterOrDigit(raw))
                continue;
            var c = QuestionAnalyzer.FoldChar(raw);
            if (previous != '\0')
                yield return (previous << 16) | c;
            previous = c;
        }
    }

    // Runs of digits (with their decimal point): "15.6", "2025".
    private static IEnumerable<string> Figures(string text)
    {
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var inFigure = i < text.Length && (char.IsAsciiDigit(QuestionAnalyzer.FoldChar(text[i])) || (start >= 0 && text[i] == '.' && i + 1 < text.Length && char.IsAsciiDigit(text[i + 1])));
            if (inFigure && start < 0)
                start = i;
            else if (!inFigure && start >= 0)
            {
                yield return QuestionAnalyzer.Fold(text[start..i]);
                start = -1;
            }
        }
    }
}
