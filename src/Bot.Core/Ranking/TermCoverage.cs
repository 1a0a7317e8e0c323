using Bot.Core.Indexing;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>
/// How much of a question a piece of text holds: the share of the question's content words it contains, each word
/// weighted by its rarity (IDF), so that "崇明区" counts for more than "情况"; and the share of its bigrams.
/// </summary>
public sealed class TermCoverage
{
    private readonly (string Text, double Weight)[] _terms;
    private readonly string[] _bigrams;
    private readonly double _total;

    /// <summary>Prepares the scorer for <paramref name="question"/>, reading term rarity from <paramref name="index"/>.</summary>
    public TermCoverage(AnalyzedQuestion question, KnowledgeIndex index, RankingWeights? weights = null)
    {
        var single = (weights ?? RankingWeights.Default).SingleCharacterWeight;
        _terms = question.Terms
            .Select(t => (t.Text, index.Idf(t) * (t.Text.Length == 1 ? single : 1.0)))
            .ToArray();
        _bigrams = question.Bigrams.ToArray();
        _total = _terms.Sum(t => t.Weight);
    }

    /// <summary>Weighted share (0–1) of the question's content words found in <paramref name="foldedText"/>.</summary>
    public double Words(string foldedText) => Words(foldedText, null);

    /// <summary>
    /// Weighted share (0–1) of the question's content words found in <paramref name="foldedText"/>, where a word of
    /// <paramref name="foldedTopic"/> (the title of the article the text is from) counts as found even when the text
    /// does not repeat it: a sentence of the article on 魏玩 speaks of 魏玩 without naming her.
    /// </summary>
    public double Words(string foldedText, string? foldedTopic)
    {
        if (_total <= 0)
            return 0;
        var found = 0.0;
        foreach (var (text, weight) in _terms)
        {
            if (foldedText.Contains(text, StringComparison.Ordinal) || foldedTopic?.Contains(text, StringComparison.Ordinal) == true)
                found += weight;
        }
        return found / _total;
    }

    /// <summary>Share (0–1) of the question's bigrams found in <paramref name="foldedText"/>.</summary>
    public double Bigrams(string foldedText)
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
