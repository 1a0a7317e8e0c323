using Lucene.Net.Index;

namespace Bot.Core.Indexing;

/// <summary>
/// One query's terms looked up in every segment of <paramref name="reader"/> through one enumerator per field and segment,
/// which seeks from term to term, where <see cref="TermContext.Build"/> makes a new one for every term in every segment.
/// At 1,000,000 articles (20 segments) the lookups and the collections of what they allocated were a fifth of a
/// question's CPU; with this and each clause's statistics looked up once, answer p50 went 22.4 / 23.2 -> 20.9 / 22.5 ms
/// (docs/benchmarks.md). Not thread-safe: one per query being built.
/// </summary>
internal sealed class TermLookup(IndexReader reader)
{
    private readonly Dictionary<string, TermsEnum?[]> _enumerators = [];

    /// <summary>The term's state in each segment that holds it, and its document and term frequencies over all.</summary>
    public TermContext Find(Term term)
    {
        var leaves = reader.Leaves;
        if (!_enumerators.TryGetValue(term.Field, out var enumerators))
            _enumerators[term.Field] = enumerators = [.. leaves.Select(l => l.AtomicReader.GetTerms(term.Field)?.GetEnumerator())];
        var states = new TermContext(reader.Context);
        for (var i = 0; i < leaves.Count; i++)
        {
            // A state taken from an enumerator is a copy: the enumerator seeks on.
            if (enumerators[i] is { } terms && terms.SeekExact(term.Bytes))
                states.Register(terms.GetTermState(), leaves[i].Ord, terms.DocFreq, terms.TotalTermFreq);
        }
        return states;
    }
}
