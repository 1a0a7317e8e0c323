using System.Runtime.InteropServices;
using Bot.Core.Common;
using Cloud.Unum.USearch;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Semantic;

/// <summary>
/// An approximate nearest-neighbour index (HNSW, through USearch) over a <see cref="VectorStore"/>'s rows: the key of each
/// vector is its row, and the vectors are the store's own 8-bit values under the cosine metric. Persisted beside the
/// vector file (<c>.hnsw</c>) and memory-mapped when opened, so a restart neither rebuilds the graph nor reads it into
/// the heap; rows the store gained since are added to the graph (it is loaded, extended, saved and mapped again). A
/// file that cannot be opened, or that does not hold the store's rows, is moved aside (<c>.broken</c>) and the graph
/// built again from the vectors.
/// </summary>
public sealed class HnswIndex : IDisposable
{
    private readonly ILogger _logger;
    // The shape built with, and the search list in use (SearchExpansion changes it).
    private HnswShape _shape;
    // Adding runs beside searches, but reserving room moves the graph: searches of the same handle wait for it.
    private readonly ReaderWriterLockSlim _reserving = new();
    private IndexHandle _handle;

    private HnswIndex(IndexHandle handle, string? path, int dimensions, HnswShape shape, ILogger logger)
    {
        (_handle, FilePath, Dimensions, _shape, _logger) = (handle, path, dimensions, shape, logger);
        // A search-time setting: applied to every handle, a mapped file's too, whatever the file was built with.
        Native.Check(Native.ChangeSearchExpansion(handle, (nuint)shape.ExpansionSearch));
        Count = (int)Native.Size(handle);
    }

    /// <summary>The index file, or null when the index lives in memory.</summary>
    public string? FilePath { get; }

    /// <summary>The vectors' dimension count.</summary>
    public int Dimensions { get; }

    /// <summary>Rows in the graph: rows 0 … Count − 1 of the store.</summary>
    public int Count { get; private set; }

    /// <summary>Bytes the index takes on disk (0 in memory).</summary>
    public long FileBytes => FilePath is not null && File.Exists(FilePath) ? new FileInfo(FilePath).Length : 0;

    /// <summary>
    /// Opens the index of <paramref name="store"/> (beside its file, or in memory) and adds the rows it lacks. A file that
    /// cannot be used is moved aside and the graph built again.
    /// </summary>
    public static HnswIndex Open(VectorStore store, ILogger logger) => Open(store, HnswShape.Default, logger);

    /// <summary>
    /// <see cref="Open(VectorStore, ILogger)"/> with a graph of another <paramref name="shape"/> when one is built
    /// (<c>bench --vectors --connectivity</c>); a saved index keeps the shape it was built with.
    /// </summary>
    public static HnswIndex Open(VectorStore store, HnswShape shape, ILogger logger)
    {
        var path = store.FilePath is null ? null : store.FilePath + ".hnsw";
        HnswIndex? index = null;
        if (path is not null && File.Exists(path))
        {
            index = TryView(path, store, shape, logger);
            if (index is null)
            {
                var aside = path + ".broken";
                File.Move(path, aside, overwrite: true);
                logger.LogWarning("Vector index {Path} cannot be used; moved to {Aside}, and built again from the vectors", LogText.Safe(path), LogText.Safe(aside));
            }
        }
        index ??= new HnswIndex(Create(store.Dimensions, shape), path, store.Dimensions, shape, logger);
        index.Extend(store);
        return index;
    }

    /// <summary>
    /// Adds the store's rows from <see cref="Count"/> on (in parallel) and, when persisted, saves the index and maps it again.
    /// </summary>
    public void Extend(VectorStore store)
    {
        var rows = store.Rows();
        var total = rows.Count;
        if (total <= Count || !rows.TryAcquire())
            return;
        try
        {
            Add(rows, total);
        }
        finally
        {
            rows.Release();
        }
    }

    private void Add(VectorRows rows, int total)
    {
        var handle = _handle;
        // A mapped index is read-only: it is loaded into memory to be extended, then saved and mapped again.
        var viewed = FilePath is not null && Count > 0 && File.Exists(FilePath);
        if (viewed)
        {
            handle = Create(Dimensions, _shape);
            Native.Check(Native.Load(handle, FilePath!));
        }
        if (ReferenceEquals(handle, _handle))
        {
            _reserving.EnterWriteLock();
            try
            {
                Native.Check(Native.Reserve(handle, (nuint)total));
            }
            finally
            {
                _reserving.ExitWriteLock();
            }
        }
        else
            Native.Check(Native.Reserve(handle, (nuint)total));
        var from = Count;
        Parallel.For(from, total, new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, row =>
        {
            var values = rows[row];
            Native.Check(Native.Add(handle, (ulong)row, ref MemoryMarshal.GetReference(values)));
        });
        if (FilePath is null)
        {
            Count = total;
            return;
        }
        var temporary = FilePath + ".tmp";
        Native.Check(Native.Save(handle, temporary));
        handle.Dispose();
        File.Move(temporary, FilePath, overwrite: true);
        var mapped = Create(Dimensions, _shape);
        Native.Check(Native.View(mapped, FilePath));
        Native.Check(Native.ChangeSearchExpansion(mapped, (nuint)_shape.ExpansionSearch));
        var previous = _handle;
        _handle = mapped;
        Count = total;
        // A search still running on the previous handle keeps it alive until it returns (SafeHandle's reference count).
        if (!ReferenceEquals(previous, mapped))
            previous.Dispose();
        _logger.LogInformation("Vector index: {Added} vectors added, {Count} in all", total - from, total);
    }

    /// <summary>
    /// The about <paramref name="count"/> rows nearest <paramref name="question"/> (8-bit values, as the store keeps them),
    /// nearest first, with their cosine similarity.
    /// </summary>
    public int Search(ReadOnlySpan<sbyte> question, int count, ulong[] rows, float[] similarities)
    {
        if (question.Length != Dimensions || count <= 0)
            return 0;
        var distances = similarities;
        nuint found;
        IntPtr error;
        _reserving.EnterReadLock();
        try
        {
            found = Native.Search(_handle, ref MemoryMarshal.GetReference(question), ScalarKind.Int8, (nuint)Math.Min(count, rows.Length), rows, distances, out error);
        }
        finally
        {
            _reserving.ExitReadLock();
        }
        Native.Check(error);
        for (var i = 0; i < (int)found; i++)
            similarities[i] = 1 - distances[i];
        return (int)found;
    }

    /// <summary>The graph's degree (M), as built.</summary>
    public int Connectivity => (int)Native.Connectivity(_handle);

    /// <summary>
    /// The candidate list a search keeps (<see cref="HnswShape.ExpansionSearch"/> unless changed; <c>Embeddings:SearchList</c>
    /// in the bot): wider finds more of the exact nearest at a higher cost. <c>bench --vectors --expansions</c> measures
    /// several on one index.
    /// </summary>
    public int SearchExpansion
    {
        get => (int)Native.SearchExpansion(_handle);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Native.Check(Native.ChangeSearchExpansion(_handle, (nuint)value));
            _shape = _shape with { ExpansionSearch = value };
        }
    }

    /// <inheritdoc />
    // The lock is not disposed: a search still running when the bot stops may hold it (it has no unmanaged state).
    public void Dispose() => _handle.Dispose();

    private static IndexHandle Create(int dimensions, HnswShape shape)
    {
        var options = new IndexOptions(MetricKind.Cos, IntPtr.Zero, ScalarKind.Int8, (ulong)dimensions, (ulong)shape.Connectivity,
            (ulong)shape.ExpansionAdd, (ulong)shape.ExpansionSearch, false);
        var handle = Native.Init(ref options, out var error);
        Native.Check(error);
        return handle;
    }

    // The file mapped, and checked against the store: the same dimensions, no more rows than the store has, and the
    // vectors of its first, middle and last rows equal to the store's (a store started again holds other vectors).
    private static HnswIndex? TryView(string path, VectorStore store, HnswShape shape, ILogger logger)
    {
        var handle = Create(store.Dimensions, shape);
        try
        {
            Native.Check(Native.View(handle, path));
            var size = (long)Native.Size(handle);
            var dims = (int)Native.Dimensions(handle);
            var rows = store.Rows();
            if (dims != store.Dimensions || size > rows.Count)
            {
                logger.LogWarning("Vector index {Path} holds {Size} vectors of {Dims} dimensions where the store has {Rows} of {StoreDims}",
                    LogText.Safe(path), size, dims, rows.Count, store.Dimensions);
                handle.Dispose();
                return null;
            }
            if (!rows.TryAcquire())
                throw new ObjectDisposedException(nameof(VectorStore));
            try
            {
                var probe = new sbyte[dims];
                foreach (var row in new[] { 0L, size / 2, size - 1 }.Where(r => r >= 0).Distinct())
                {
                    var got = (long)Native.Get(handle, (ulong)row, 1, probe, ScalarKind.Int8, out var error);
                    Native.Check(error);
                    if (got != 1 || !rows[(int)row].SequenceEqual(probe))
                    {
                        logger.LogWarning("Vector index {Path} does not hold the store's vector {Row}", LogText.Safe(path), row);
                        handle.Dispose();
                        return null;
                    }
                }
            }
            finally
            {
                rows.Release();
            }
            return new HnswIndex(handle, path, dims, shape, logger);
        }
        catch (USearchException e)
        {
            logger.LogWarning("Vector index {Path} cannot be opened ({Reason})", LogText.Safe(path), LogText.Safe(e.Message));
            handle.Dispose();
            return null;
        }
    }

    // The native index, freed once when the last call using it has returned.
    private sealed class IndexHandle() : SafeHandle(IntPtr.Zero, ownsHandle: true)
    {
        public override bool IsInvalid => handle == IntPtr.Zero;

        protected override bool ReleaseHandle()
        {
            Native.Free(handle, out _);
            return true;
        }
    }

    // USearch's C interface (the library the package ships), for what its managed wrapper does not offer: reserving
    // room once, adding from several threads, and 8-bit vectors without copies.
    private static class Native
    {
        private const string Library = "libusearch_c";

        [DllImport(Library, EntryPoint = "usearch_init")]
        public static extern IndexHandle Init(ref IndexOptions options, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_free")]
        public static extern void Free(IntPtr index, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_save", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern void Save(IndexHandle index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_load", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern void Load(IndexHandle index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_view", CharSet = CharSet.Ansi, BestFitMapping = false, ThrowOnUnmappableChar = true)]
        private static extern void View(IndexHandle index, [MarshalAs(UnmanagedType.LPUTF8Str)] string path, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_size")]
        private static extern nuint Size(IndexHandle index, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_dimensions")]
        private static extern nuint Dimensions(IndexHandle index, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_reserve")]
        private static extern void Reserve(IndexHandle index, nuint capacity, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_add")]
        private static extern void Add(IndexHandle index, ulong key, ref sbyte vector, ScalarKind kind, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_search")]
        public static extern nuint Search(IndexHandle index, ref sbyte query, ScalarKind kind, nuint count, [Out] ulong[] keys, [Out] float[] distances, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_connectivity")]
        private static extern nuint Connectivity(IndexHandle index, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_expansion_search")]
        private static extern nuint SearchExpansion(IndexHandle index, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_change_expansion_search")]
        private static extern void ChangeSearchExpansion(IndexHandle index, nuint expansion, out IntPtr error);

        [DllImport(Library, EntryPoint = "usearch_get")]
        public static extern nuint Get(IndexHandle index, ulong key, nuint count, [Out] sbyte[] vector, ScalarKind kind, out IntPtr error);

        public static IntPtr Save(IndexHandle index, string path)
        {
            Save(index, path, out var error);
            return error;
        }

        public static IntPtr Load(IndexHandle index, string path)
        {
            Load(index, path, out var error);
            return error;
        }

        public static IntPtr View(IndexHandle index, string path)
        {
            View(index, path, out var error);
            return error;
        }

        public static IntPtr Reserve(IndexHandle index, nuint capacity)
        {
            Reserve(index, capacity, out var error);
            return error;
        }

        public static IntPtr Add(IndexHandle index, ulong key, ref sbyte vector)
        {
            Add(index, key, ref vector, ScalarKind.Int8, out var error);
            return error;
        }

        public static nuint Size(IndexHandle index) => Checked(Size, index);

        public static nuint Connectivity(IndexHandle index) => Checked(Connectivity, index);

        public static nuint SearchExpansion(IndexHandle index) => Checked(SearchExpansion, index);

        public static IntPtr ChangeSearchExpansion(IndexHandle index, nuint expansion)
        {
            ChangeSearchExpansion(index, expansion, out var error);
            return error;
        }

        public static nuint Dimensions(IndexHandle index) => Checked(Dimensions, index);

        private delegate nuint Reading(IndexHandle index, out IntPtr error);

        // One of the library's figures (size, dimensions, degree, search list), its error thrown.
        private static nuint Checked(Reading read, IndexHandle index)
        {
            var value = read(index, out var error);
            Check(error);
            return value;
        }

        // Error messages are static strings of the library: nothing to free.
        public static void Check(IntPtr error)
        {
            if (error != IntPtr.Zero)
                throw new USearchException(Marshal.PtrToStringUTF8(error) ?? "USearch failed");
        }
    }
}

/// <summary>
/// The graph of an <see cref="HnswIndex"/>: its degree (M) and the candidate lists of adding and searching.
/// <see cref="Default"/>: USearch's default degree and adding list, and a search list wide enough for recall@10 ≥ 0.98
/// at up to 297,077 vectors of 1,024 dimensions (HnswIndexTests, bench's vector figures in docs/benchmarks.md).
/// </summary>
public sealed record HnswShape(int Connectivity, int ExpansionAdd, int ExpansionSearch)
{
    /// <summary>Degree 16, adding list 128, search list 160.</summary>
    public static HnswShape Default { get; } = new(16, 128, Options.EmbeddingsOptions.DefaultSearchList);
}
