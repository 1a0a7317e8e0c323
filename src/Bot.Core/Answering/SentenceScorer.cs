using Bot.Core.Search;

namespace Bot.Core.Answering;

/// <summary>
/// Scores how well a piece of text answers a question: the share of the question's content it holds,
/// each word weighted by its rarity (IDF), so that "崇明区" counts for more than "情况".
/// </summary>
public sealed class SentenceScorer
{
    private readonly (string Text, double Weight)[] _terms;
    private readonly string[] _bigrams;
    private readonly double _total;

    /// <summary>Prepares the scorer for <paramref name="question"/>, reading term rarity from <paramref name="index"/>.</summary>
    public SentenceScorer(AnalyzedQuestion question, KnowledgeIndex index)
    {
        // Single characters ("建", "排") say less than words: half weight.
        _terms = question.Terms
            .Select(t => (t.Text, index.Idf(t) * (t.Text.Length == 1 ? 0.5 : 1.0)))
            .ToArray();
        _bigrams = question.Bigrams.ToArray();
        _total = _terms.Sum(t => t.Weight);
    }

    /// <summary>Weighted share (0–1) of the question's content words found in <paramref name="foldedText"/>.</summary>
    public double Coverage(string foldedText)
    {
        if (_total <= 0)
            return 0;
        var found = 0.0;
        foreach (var (text, weight) in _terms)
        {
            if (foldedText.Contains(text, StringComparison.Ordinal))
                found += weight;
        }
        return found / _total;
    }

    /// <summary>Share (0–1) of the question's bigrams found in <paramref name="foldedText"/>.</summary>
    public double BigramCoverage(string foldedText)
    {
        if (_bigrams.Length == 0)
            return 0;
        var found = 0;
        foreach (var b in _bigrams)
        {
            if (foldedText.Contains(b, StringComparison.Ordinal))
                found++;
        }
        return (double)found / _bigrams.Length;
    }
}
