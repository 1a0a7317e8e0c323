using Bot.Core.Indexing;
using Bot.Core.Knowledge;

namespace Bot.Core.Semantic;

/// <summary>
/// The vectors of one snapshot's passages, by passage ordinal (null where a passage has none yet). Searched exhaustively
/// (every passage's cosine similarity to the question, in parallel slices: no recall loss, and fast enough below
/// <c>Embeddings:ExactBelow</c> passages), or, above it, through the store's approximate index (<see cref="HnswIndex"/>).
/// </summary>
public sealed class PassageVectors
{
    // Below this many passages one thread searches: starting others costs more than it saves.
    private const int ParallelFrom = 20_000;

    // Each passage's row in the store (−1: none yet), and the store's rows as they were.
    private readonly int[] _rows;
    private readonly VectorRows _vectors;
    // With an approximate index: the first passage of each store row (−1: none in this snapshot), and the next passage
    // with the same row (the same text in several passages), −1 ending the chain.
    private readonly HnswIndex? _approximate;
    private readonly int[] _passageOfRow = [];
    private readonly int[] _nextWithRow = [];

    /// <summary>
    /// Builds the vectors of <paramref name="snapshot"/> from what <paramref name="store"/> holds; with
    /// <paramref name="approximate"/> (an index of the store's rows), searches go through it.
    /// </summary>
    public PassageVectors(KnowledgeSnapshot snapshot, VectorStore store, IReadOnlyList<UInt128> keys, HnswIndex? approximate = null)
    {
        Snapshot = snapshot;
        _vectors = store.Rows();
        Dimensions = store.Dimensions;
        _rows = new int[snapshot.Passages.Count];
        for (var i = 0; i < _rows.Length; i++)
        {
            var row = store.RowOf(keys[i]);
            _rows[i] = row < _vectors.Count ? row : -1;
            if (_rows[i] >= 0)
                Count++;
        }
        if (approximate is null || approximate.Dimensions != Dimensions)
            return;
        _approximate = approximate;
        _passageOfRow = new int[_vectors.Count];
        Array.Fill(_passageOfRow, -1);
        _nextWithRow = new int[_rows.Length];
        for (var i = _rows.Length - 1; i >= 0; i--)
        {
            _nextWithRow[i] = -1;
            if (_rows[i] < 0)
                continue;
            _nextWithRow[i] = _passageOfRow[_rows[i]];
            _passageOfRow[_rows[i]] = i;
        }
    }

    /// <summary>True when searches go through the approximate index.</summary>
    public bool IsApproximate => _approximate is not null;

    /// <summary>The ordinals of the passages with no vector yet.</summary>
    public IEnumerable<int> Missing() => Enumerable.Range(0, _rows.Length).Where(i => _rows[i] < 0);

    /// <summary>The snapshot these vectors belong to.</summary>
    public KnowledgeSnapshot Snapshot { get; }

    /// <summary>Passages with a vector.</summary>
    public int Count { get; }

    /// <summary>The vectors' dimension count.</summary>
    public int Dimensions { get; }

    /// <summary>The text embedded for <paramref name="passage"/>: its article's title and its own text.</summary>
    public static string TextOf(Passage passage) =>
        string.IsNullOrWhiteSpace(passage.Article.Title) ? passage.Text : passage.Article.Title + "\n" + passage.Text;

    /// <summary>
    /// The <paramref name="count"/> passages nearest <paramref name="question"/> (a vector of this model), nearest first;
    /// with <paramref name="keep"/>, only among the passages it keeps (a scoped question's dates).
    /// </summary>
    public IReadOnlyList<(Passage Passage, double Similarity)> Nearest(ReadOnlySpan<float> question, int count, Func<Passage, bool>? keep = null)
    {
        if (Count == 0 || question.Length != Dimensions || count <= 0)
            return [];
        var (quantized, qScale) = VectorStore.Quantize(question);
        if (_approximate is not null && NearestApproximate(quantized, count, keep) is { } found)
            return found;
        return Exactly(quantized, qScale, count, keep);
    }

    /// <summary>
    /// The <paramref name="count"/> passages nearest <paramref name="question"/> by the exhaustive search, whether or not
    /// an approximate index serves <see cref="Nearest"/>: what <c>bench</c> measures the approximate search's recall against.
    /// </summary>
    public IReadOnlyList<(Passage Passage, double Similarity)> NearestExactly(ReadOnlySpan<float> question, int count)
    {
        if (Count == 0 || question.Length != Dimensions || count <= 0)
            return [];
        var (quantized, qScale) = VectorStore.Quantize(question);
        return Exactly(quantized, qScale, count, keep: null);
    }

    private IReadOnlyList<(Passage Passage, double Similarity)> Exactly(sbyte[] quantized, float qScale, int count, Func<Passage, bool>? keep)
    {
        // The store closed (the bot stopping): no row may be read.
        if (!_vectors.TryAcquire())
            return [];
        try
        {
            return NearestExact(quantized, qScale, count, keep);
        }
        finally
        {
            _vectors.Release();
        }
    }

    // The approximate index's nearest rows, as passages of this snapshot (rows of passages no longer in it, or outside
    // the range, are passed over: a few more are asked for than needed). Null when too few remain, as a narrow date range
    // gives: then the exact search over the passages in range answers.
    private List<(Passage Passage, double Similarity)>? NearestApproximate(sbyte[] question, int count, Func<Passage, bool>? keep)
    {
        var ask = Math.Min(_approximate!.Count, keep is null ? count + 16 : count * 8);
        var rows = new ulong[ask];
        var similarities = new float[ask];
        var found = _approximate.Search(question, ask, rows, similarities);
        var result = new List<(Passage, double)>(count);
        for (var i = 0; i < found && result.Count < count; i++)
        {
            var row = (long)rows[i];
            for (var p = row < _passageOfRow.Length ? _passageOfRow[row] : -1; p >= 0 && result.Count < count; p = _nextWithRow[p])
            {
                var passage = Snapshot.Passages[p];
                if (keep is null || keep(passage))
                    result.Add((passage, Math.Clamp((double)similarities[i], -1, 1)));
            }
        }
        return result.Count >= Math.Min(count, Count) || found < ask && keep is null ? result : null;
    }

    private List<(Passage Passage, double Similarity)> NearestExact(sbyte[] quantized, float qScale, int count, Func<Passage, bool>? keep)
    {
        var q = Array.ConvertAll(quantized, v => (short)v);
        var slices = _rows.Length < ParallelFrom ? 1 : Environment.ProcessorCount;
        var size = (_rows.Length + slices - 1) / slices;
        var partial = new List<(int Row, float Score)>[slices];
        Parallel.For(0, slices, new ParallelOptions { MaxDegreeOfParallelism = slices }, s =>
        {
            var best = new PriorityQueue<int, float>(count + 1);
            var end = Math.Min(_rows.Length, (s + 1) * size);
            for (var i = s * size; i < end; i++)
            {
                var row = _rows[i];
                if (row < 0 || (keep is not null && !keep(Snapshot.Passages[i])))
                    continue;
                var score = VectorStore.Dot(q, _vectors[row]) * _vectors.Scale(row);
                if (best.Count < count)
                    best.Enqueue(i, score);
                else if (best.TryPeek(out _, out var lowest) && score > lowest)
                    best.EnqueueDequeue(i, score);
            }
            var list = new List<(int, float)>(best.Count);
            while (best.TryDequeue(out var row, out var score))
                list.Add((row, score));
            partial[s] = list;
        });
        return partial.SelectMany(p => p)
            .OrderByDescending(p => p.Score)
            .Take(count)
            .Select(p => (Snapshot.Passages[p.Row], Math.Clamp((double)p.Score * qScale, -1, 1)))
            .ToList();
    }
}
