using Bot.Core.Search;
using Lucene.Net.Analysis.TokenAttributes;

namespace Bot.Core.Indexing;

/// <summary>
/// The <see cref="ChineseAnalysis.Bigrams"/> tokens of one text, kept so that they can be indexed more than once:
/// an article's body is analysed once, for the whole article and for each of its passages. Reused text after text.
/// </summary>
internal sealed class BigramTokens
{
    private char[] _chars = new char[4096];
    private int[] _charStart = new int[1024];
    private int[] _start = new int[1024];
    private int[] _end = new int[1024];
    private int[] _increment = new int[1024];
    private int _used;

    /// <summary>Tokens held.</summary>
    public int Count { get; private set; }

    /// <summary>Analyses <paramref name="text"/>, replacing the tokens held.</summary>
    public void Analyze(string text)
    {
        Count = 0;
        _used = 0;
        using var stream = ChineseAnalysis.Bigrams.GetTokenStream(Fields.BodyBigrams, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var increment = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            if (Count == _start.Length)
            {
                Array.Resize(ref _charStart, Count * 2);
                Array.Resize(ref _start, Count * 2);
                Array.Resize(ref _end, Count * 2);
                Array.Resize(ref _increment, Count * 2);
            }
            if (_used + term.Length > _chars.Length)
                Array.Resize(ref _chars, Math.Max(_chars.Length * 2, _used + term.Length));
            Array.Copy(term.Buffer, 0, _chars, _used, term.Length);
            _charStart[Count] = _used;
            _used += term.Length;
            _start[Count] = offset.StartOffset;
            _end[Count] = offset.EndOffset;
            _increment[Count] = increment.PositionIncrement;
            Count++;
        }
        stream.End();
    }

    /// <summary>
    /// The tokens of the span from <paramref name="start"/> to <paramref name="end"/>, when analysing the span alone
    /// would give the same ones: no token may cross either edge (a bigram across a sentence cut, a word cut in two).
    /// Spans are asked for in order; <paramref name="cursor"/> keeps where the last one ended.
    /// </summary>
    public bool TrySlice(int start, int end, ref int cursor, out int from, out int to)
    {
        from = cursor;
        while (from < Count && _end[from] <= start)
            from++;
        to = from;
        if (from < Count && _start[from] < start)
            return false;
        while (to < Count && _start[to] < end)
        {
            if (_end[to] > end)
                return false;
            to++;
        }
        cursor = to;
        return true;
    }

    /// <summary>Sets token <paramref name="index"/> in the attributes, its offsets moved back by <paramref name="shift"/>.</summary>
    public void CopyTo(int index, int shift, ICharTermAttribute term, IOffsetAttribute offset, IPositionIncrementAttribute increment)
    {
        var length = (index + 1 < Count ? _charStart[index + 1] : _used) - _charStart[index];
        term.CopyBuffer(_chars, _charStart[index], length);
        offset.SetOffset(_start[index] - shift, _end[index] - shift);
        increment.PositionIncrement = _increment[index];
    }
}
