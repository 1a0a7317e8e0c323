using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;

namespace Bot.Core.Indexing;

/// <summary>Indexes a run of <see cref="BigramTokens"/> as a field's tokens; reused for every document of a thread.</summary>
internal sealed class BigramReplay : TokenStream
{
    private readonly ICharTermAttribute _term;
    private readonly IOffsetAttribute _offset;
    private readonly IPositionIncrementAttribute _increment;
    private BigramTokens? _tokens;
    private int _from;
    private int _to;
    private int _shift;
    private int _next;

    public BigramReplay()
    {
        _term = AddAttribute<ICharTermAttribute>();
        _offset = AddAttribute<IOffsetAttribute>();
        _increment = AddAttribute<IPositionIncrementAttribute>();
    }

    /// <summary>Replays tokens <paramref name="from"/> to <paramref name="to"/> (exclusive) of <paramref name="tokens"/>.</summary>
    public void Set(BigramTokens tokens, int from, int to, int shift)
    {
        _tokens = tokens;
        _from = from;
        _to = to;
        _shift = shift;
    }

    public override bool IncrementToken()
    {
        if (_tokens is null || _next >= _to)
            return false;
        ClearAttributes();
        _tokens.CopyTo(_next++, _shift, _term, _offset, _increment);
        return true;
    }

    public override void Reset()
    {
        base.Reset();
        _next = _from;
    }

    // Lucene disposes a field's stream after each document; this one serves the next.
    protected override void Dispose(bool disposing)
    {
    }
}
