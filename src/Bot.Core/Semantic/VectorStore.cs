using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Bot.Core.Common;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Semantic;

/// <summary>
/// The passage vectors of one embedding model, keyed by a hash of the text embedded, so that an unchanged passage is
/// never embedded twice and a changed one only once. Each vector is kept as 8-bit integers with one scale (a quarter of
/// float32's size): 297,077 passages at 1,024 dimensions take about 310 MB. Persisted, when an index folder is used,
/// in one append-only file per model and dimension count beside the index, read once at start and then served from the
/// file, memory-mapped: the rows of whole blocks that are in the file are read through the mapping, not held in the heap
/// (only the block being filled, and rows the file does not hold, are).
/// </summary>
public sealed class VectorStore : IDisposable
{
    /// <summary>
    /// The most dimensions a vector may have (models in use have up to a few thousand): more is a broken reply or file,
    /// and a block of rows would take more than 64 MB.
    /// </summary>
    public const int MaxDimensions = 16_384;

    // Rows are kept in blocks of this many: no object per vector, and a block never moves once full. A full block whose
    // rows are the file's records of the same numbers is read from a mapping of the file; any other, from an array.
    internal const int BlockShift = 12;
    internal const int BlockRows = 1 << BlockShift;
    private static readonly byte[] Magic = "NBVEC2\0\0"u8.ToArray();
    // The largest scale Quantize gives (a vector with all its length in one dimension), with room for float rounding.
    private const float MaxScale = 1.0001f / 127;
    private readonly Lock _lock = new();
    private readonly Dictionary<UInt128, int> _rows = [];
    // Per block: its rows in the heap (null where mapped), and the address of its first row's values in a mapping (0 where not).
    private readonly List<sbyte[]?> _blocks = [];
    private readonly List<nint> _mapped = [];
    private readonly List<float> _scales = [];
    private readonly ILogger _logger;
    private readonly VectorRows.Mapping _mapping = new();
    private FileStream? _file;
    // Rows 0 … _inFile − 1 are the file's first records, in order, written and flushed; while _aligned, each new row is
    // written as the file's next record (no record was left out on reading, and no write failed).
    private int _inFile;
    private bool _aligned = true;
    private FileStream? _reader;

    private VectorStore(string? path, ILogger logger)
    {
        FilePath = path;
        _logger = logger;
    }

    /// <summary>The file the vectors are kept in, or null in memory.</summary>
    public string? FilePath { get; }

    /// <summary>The vectors' dimension count, 0 before the first.</summary>
    public int Dimensions { get; private set; }

    /// <summary>Vectors held.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
                return _scales.Count;
        }
    }

    /// <summary>Bytes the vectors take on disk (0 in memory).</summary>
    public long FileBytes => FilePath is not null && File.Exists(FilePath) ? new FileInfo(FilePath).Length : 0;

    /// <summary>
    /// Opens the store of <paramref name="model"/> (asked for <paramref name="dimensions"/>, or its own) in
    /// <paramref name="folder"/>, reading what is there; with no folder the store lives in memory. A file that cannot be
    /// read or written (another process holds it, a broken tail) is used as far as it goes, and the rest kept in memory.
    /// </summary>
    public static VectorStore Open(string? folder, string model, int? dimensions, ILogger logger)
    {
        if (string.IsNullOrWhiteSpace(folder))
            return new VectorStore(null, logger);
        var name = new string(model.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '_').ToArray());
        var path = Path.Combine(folder, $"{name}-{dimensions?.ToString() ?? "native"}-{Hash(model)[..8]}.vec");
        var store = new VectorStore(path, logger);
        store.Load(dimensions);
        return store;
    }

    /// <summary>
    /// The key of <paramref name="text"/>: its 128-bit XXH3 hash (a non-cryptographic hash is enough to tell texts apart,
    /// and 297,077 passages hash in a fraction of the time SHA-256 takes).
    /// </summary>
    public static UInt128 Key(string text) =>
        System.IO.Hashing.XxHash128.HashToUInt128(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()));

    /// <summary>The row of the vector stored under <paramref name="key"/>, or −1.</summary>
    public int RowOf(UInt128 key)
    {
        lock (_lock)
            return _rows.TryGetValue(key, out var row) ? row : -1;
    }

    /// <summary>The vector stored under <paramref name="key"/> and its scale, if any.</summary>
    public bool TryGet(UInt128 key, out sbyte[] vector, out float scale)
    {
        lock (_lock)
        {
            var found = _rows.TryGetValue(key, out var row);
            (vector, scale) = found && _mapping.TryAcquire() ? (ReadRow(row), _scales[row]) : ([], 0);
            if (vector.Length > 0)
                _mapping.Release();
            return vector.Length > 0;
        }
    }

    /// <summary>
    /// The rows as they are now, for reading rows below <see cref="Count"/> without the lock: those never change once
    /// written. Mapped rows are read between <see cref="VectorRows.TryAcquire"/> and <see cref="VectorRows.Release"/>.
    /// </summary>
    public VectorRows Rows()
    {
        lock (_lock)
            return new VectorRows([.. _blocks], [.. _mapped], [.. _scales], Dimensions, _mapping);
    }

    private sbyte[] ReadRow(int row) =>
        VectorRows.Row(_blocks[row >> BlockShift], _mapped[row >> BlockShift], row & (BlockRows - 1), Dimensions).ToArray();

    // Row `row`'s place in the heap, for writing (its block made when it has none).
    private Span<sbyte> HeapRow(int row) =>
        (_blocks[row >> BlockShift] ??= new sbyte[BlockRows * Dimensions]).AsSpan((row & (BlockRows - 1)) * Dimensions, Dimensions);

    // A new row's place, at the end of the last block (a new block when it is full).
    private int Append(float scale)
    {
        var row = _scales.Count;
        if ((row & (BlockRows - 1)) == 0)
        {
            _blocks.Add(null);
            _mapped.Add(0);
        }
        _scales.Add(scale);
        return row;
    }

    /// <summary>True when a vector is stored under <paramref name="key"/>.</summary>
    public bool Contains(UInt128 key) => RowOf(key) >= 0;

    /// <summary>
    /// Adds vectors (unit length or not: each is normalised) and appends them to the file. Vectors of another dimension
    /// count than those stored are refused.
    /// </summary>
    public void Add(IReadOnlyList<(UInt128 Key, float[] Vector)> items)
    {
        if (items.Count == 0)
            return;
        var dims = items[0].Vector.Length;
        if (dims == 0 || items.Any(i => i.Vector.Length != dims))
            throw new ServiceReplyException($"the embedding model returned vectors of {string.Join("/", items.Select(i => i.Vector.Length).Distinct())} dimensions in one batch");
        if (dims > MaxDimensions)
            throw new ServiceReplyException($"the embedding model returned {dims} dimensions, more than the {MaxDimensions} a vector may have");
        lock (_lock)
        {
            if (Dimensions != 0 && dims != Dimensions && _scales.Count > 0)
                throw new ServiceReplyException($"the embedding model returned {dims} dimensions where the stored vectors have {Dimensions}");
            if (Dimensions != 0 && dims != Dimensions)
            {
                // Nothing usable was read (no record fitted the header's count): the file is started again at the model's.
                _file?.Dispose();
                _file = null;
                _blocks.Clear();
                _mapped.Clear();
                (_inFile, _aligned) = (0, true);
                Dimensions = 0;
            }
            if (Dimensions == 0)
            {
                Dimensions = dims;
                StartFile();
            }
            var record = new byte[16 + 4 + dims];
            foreach (var (key, vector) in items)
            {
                if (_rows.ContainsKey(key))
                    continue;
                var (quantized, scale) = Quantize(vector);
                var row = Append(scale);
                quantized.CopyTo(HeapRow(row));
                _rows[key] = row;
                if (_file is null)
                {
                    _aligned = false;
                    continue;
                }
                BitConverter.TryWriteBytes(record.AsSpan(0, 8), (ulong)(key >> 64));
                BitConverter.TryWriteBytes(record.AsSpan(8, 8), (ulong)key);
                BitConverter.TryWriteBytes(record.AsSpan(16, 4), scale);
                System.Runtime.InteropServices.MemoryMarshal.AsBytes(quantized.AsSpan()).CopyTo(record.AsSpan(20));
                Write(record);
            }
            Flush();
            if (_aligned && _file is not null)
                _inFile = _scales.Count;
            MapFullBlocks();
        }
    }

    /// <summary>
    /// The vector normalised to unit length and rounded to 8-bit integers in −127…127, with the scale that turns them back.
    /// </summary>
    public static (sbyte[] Values, float Scale) Quantize(ReadOnlySpan<float> vector)
    {
        var norm = MathF.Sqrt(System.Numerics.Tensors.TensorPrimitives.SumOfSquares(vector));
        var max = 0f;
        foreach (var v in vector)
            max = MathF.Max(max, MathF.Abs(v));
        var values = new sbyte[vector.Length];
        if (norm <= 0 || max <= 0 || !float.IsFinite(norm))
            return (values, 0);
        var factor = 127f / max;
        for (var i = 0; i < vector.Length; i++)
            values[i] = (sbyte)Math.Clamp(MathF.Round(vector[i] * factor), -127, 127);
        return (values, max / norm / 127f);
    }

    /// <summary>The dot product of two 8-bit vectors, in 32-bit integers, with SIMD.</summary>
    public static int Dot(ReadOnlySpan<sbyte> a, ReadOnlySpan<sbyte> b)
    {
        var acc = Vector<int>.Zero;
        var i = 0;
        var width = Vector<sbyte>.Count;
        for (; i <= a.Length - width; i += width)
        {
            Vector.Widen(new Vector<sbyte>(a[i..]), out var al, out var ah);
            Vector.Widen(new Vector<sbyte>(b[i..]), out var bl, out var bh);
            // Each product of two values in −127…127 fits in 16 bits; sums are taken in 32.
            Vector.Widen(al * bl, out var p0, out var p1);
            Vector.Widen(ah * bh, out var p2, out var p3);
            acc += p0 + p1 + p2 + p3;
        }
        var sum = Vector.Sum(acc);
        for (; i < a.Length; i++)
            sum += a[i] * b[i];
        return sum;
    }

    /// <summary>
    /// The dot product of a question's 8-bit values, widened to 16 bits once (<paramref name="question"/>), with a stored
    /// row: with AVX2, 16 values a step are sign-extended and multiplied and summed in pairs (<c>vpmaddwd</c>), about
    /// twice the speed of widening both; elsewhere the portable loop.
    /// </summary>
    public static int Dot(ReadOnlySpan<short> question, ReadOnlySpan<sbyte> row)
    {
        var i = 0;
        var sum = 0;
        if (System.Runtime.Intrinsics.X86.Avx2.IsSupported && row.Length >= 32)
        {
            ref var r = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(row);
            ref var q = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(question);
            var acc0 = System.Runtime.Intrinsics.Vector256<int>.Zero;
            var acc1 = System.Runtime.Intrinsics.Vector256<int>.Zero;
            for (; i <= row.Length - 32; i += 32)
            {
                var r0 = System.Runtime.Intrinsics.X86.Avx2.ConvertToVector256Int16(System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref r, (nuint)i));
                var r1 = System.Runtime.Intrinsics.X86.Avx2.ConvertToVector256Int16(System.Runtime.Intrinsics.Vector128.LoadUnsafe(ref r, (nuint)(i + 16)));
                acc0 = System.Runtime.Intrinsics.X86.Avx2.Add(acc0, System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(r0, System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref q, (nuint)i)));
                acc1 = System.Runtime.Intrinsics.X86.Avx2.Add(acc1, System.Runtime.Intrinsics.X86.Avx2.MultiplyAddAdjacent(r1, System.Runtime.Intrinsics.Vector256.LoadUnsafe(ref q, (nuint)(i + 16))));
            }
            sum = System.Runtime.Intrinsics.Vector256.Sum(System.Runtime.Intrinsics.X86.Avx2.Add(acc0, acc1));
        }
        for (; i < row.Length; i++)
            sum += question[i] * row[i];
        return sum;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // The mappings are unmapped when the last reader of them lets them go (VectorRows.Release).
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
            _reader?.Dispose();
            _reader = null;
            _mapping.Close();
        }
    }

    private void Load(int? expected)
    {
        try
        {
            if (File.Exists(FilePath))
            {
                using var read = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
                var header = new byte[12];
                if (read.ReadAtLeast(header, 12, throwOnEndOfStream: false) == 12 && header.AsSpan(0, 8).SequenceEqual(Magic))
                {
                    var dims = BitConverter.ToInt32(header, 8);
                    // A header that does not fit the model (or no model) makes every record unreadable: the file is rebuilt.
                    if (dims <= 0 || dims > MaxDimensions || (expected is { } e && dims != e))
                    {
                        read.Close();
                        MoveAside($"its header gives {dims} dimensions");
                        return;
                    }
                    Dimensions = dims;
                    var size = 20 + dims;
                    var chunk = new byte[size * Math.Max(1, (1 << 20) / size)];
                    _rows.EnsureCapacity((int)Math.Min(int.MaxValue, (read.Length - 12) / size));
                    long good = 12;
                    var damaged = 0;
                    int got;
                    // Whole records, a megabyte at a time; a record cut short at the end (a crash while writing) is left out.
                    while ((got = read.ReadAtLeast(chunk, chunk.Length, throwOnEndOfStream: false)) >= size)
                    {
                        for (var at = 0; at + size <= got; at += size)
                        {
                            var record = chunk.AsSpan(at, size);
                            var key = new UInt128(BitConverter.ToUInt64(record[..8]), BitConverter.ToUInt64(record[8..16]));
                            var scale = BitConverter.ToSingle(record[16..20]);
                            var values = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(record[20..]);
                            // A damaged record is left out: its passage has no vector, and is embedded again.
                            if (!IsWhole(values, scale))
                            {
                                damaged++;
                                _aligned = false;
                            }
                            else if (_rows.ContainsKey(key))
                                _aligned = false;
                            else
                            {
                                var row = Append(scale);
                                // A row that is the file's record of its number is read from the file (mapped below).
                                if (_aligned)
                                    _inFile = row + 1;
                                else
                                    values.CopyTo(HeapRow(row));
                                _rows[key] = row;
                            }
                            good += size;
                        }
                        if (got < chunk.Length)
                            break;
                    }
                    read.Close();
                    if (damaged > 0)
                        _logger.LogWarning("Vector file {Path} has {Damaged} damaged vectors; they are left out and embedded again", LogText.Safe(FilePath), damaged);
                    OpenForAppend(good);
                    MapLoaded();
                    return;
                }
                _logger.LogWarning("Vector file {Path} is not one this version wrote; it is started again", LogText.Safe(FilePath));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Vector file {Path} could not be read ({Reason}); vectors are kept in memory for this run", LogText.Safe(FilePath), LogText.Safe(e.Message));
            _file?.Dispose();
            _file = null;
            // Rows read so far may be left in the file, unmapped: none is kept, and they are embedded again.
            _rows.Clear();
            _scales.Clear();
            _blocks.Clear();
            _mapped.Clear();
            _inFile = 0;
        }
        _aligned = true;
        Dimensions = 0;
    }

    // After reading: the whole blocks of rows that are the file's records mapped in one view, and the rows of a block
    // left part-full copied into the heap (the file's records of rows read into the heap are not needed again).
    private void MapLoaded()
    {
        var whole = _inFile >> BlockShift;
        if (whole > 0 && Map(0, whole) is { } at)
        {
            for (var b = 0; b < whole; b++)
                _mapped[b] = at + (nint)b * BlockRows * (20 + Dimensions);
        }
        else if (whole > 0)
        {
            whole = 0;
            _aligned = false;
        }
        var from = whole << BlockShift;
        if (from >= _inFile)
            return;
        using var read = new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        var record = new byte[20 + Dimensions];
        for (var row = from; row < _inFile; row++)
        {
            RandomAccess.Read(read.SafeFileHandle, record, 12 + (long)row * record.Length);
            System.Runtime.InteropServices.MemoryMarshal.Cast<byte, sbyte>(record.AsSpan(20)).CopyTo(HeapRow(row));
        }
    }

    // Each block that has become whole and whose rows are the file's records, mapped and its array let go.
    private void MapFullBlocks()
    {
        for (var b = (_inFile >> BlockShift) - 1; _aligned && b >= 0 && _mapped[b] == 0; b--)
        {
            if (Map(b, 1) is not { } at)
            {
                _aligned = false;
                return;
            }
            _mapped[b] = at;
            _blocks[b] = null;
        }
    }

    // Blocks first … first + count − 1 of the file mapped read-only: the address of the first row's values, or null when
    // the file cannot be mapped (its rows are then kept in the heap, as in memory).
    private nint? Map(int first, int count)
    {
        var size = 20L + Dimensions;
        try
        {
            _reader ??= new FileStream(FilePath!, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return _mapping.Add(_reader, 12 + (long)first * BlockRows * size, (long)count * BlockRows * size) + 20;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("Vector file {Path} could not be mapped ({Reason}); its vectors are kept in memory for this run", LogText.Safe(FilePath), LogText.Safe(e.Message));
            return null;
        }
    }

    /// <summary>
    /// Whether a stored row is one <see cref="Quantize"/> could have made: values in −127…127 with the largest at ±127, and
    /// a finite scale that turns them back into a vector of unit length (within the rounding of 8 bits). A zero vector has scale 0.
    /// </summary>
    internal static bool IsWhole(ReadOnlySpan<sbyte> values, float scale)
    {
        if (scale == 0)
            return !values.ContainsAnyExcept((sbyte)0);
        if (!float.IsFinite(scale) || scale < 0 || scale > MaxScale || values.Contains(sbyte.MinValue))
            return false;
        // With SIMD, as a reopen checks every record: 4.3 million of 1,024 values one at a time took most of 22 s.
        var max = Math.Abs((int)System.Numerics.Tensors.TensorPrimitives.MaxMagnitude(values));
        long squares = Dot(values, values);
        // Rounding moves each value by half a step at most: the length is off by at most √d / 2 steps.
        return max == 127 && Math.Abs(Math.Sqrt(squares) * scale - 1) <= Math.Sqrt(values.Length) * scale / 2 + 1e-3;
    }

    // A file that cannot be used is kept beside the new one as <name>.broken, for a look, and the vectors built again.
    private void MoveAside(string reason)
    {
        var aside = FilePath + ".broken";
        File.Move(FilePath!, aside, overwrite: true);
        _logger.LogWarning("Vector file {Path} cannot be used ({Reason}); moved to {Aside}, and the vectors are embedded again",
            LogText.Safe(FilePath), LogText.Safe(reason), LogText.Safe(aside));
        Dimensions = 0;
    }

    // A new file gets its header when the first vectors say how many dimensions they have.
    private void StartFile()
    {
        if (FilePath is null || _file is not null)
            return;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(FilePath)!);
            _file = new FileStream(FilePath, FileMode.Create, FileAccess.Write, FileShare.Read);
            _file.Write(Magic);
            _file.Write(BitConverter.GetBytes(Dimensions));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _file = null;
            _logger.LogWarning("Vector file {Path} could not be written ({Reason}); vectors are kept in memory for this run", LogText.Safe(FilePath), LogText.Safe(e.Message));
        }
    }

    // Appends after the last whole record: a record cut by a crash is written over.
    private void OpenForAppend(long length)
    {
        try
        {
            _file = new FileStream(FilePath!, FileMode.Open, FileAccess.Write, FileShare.Read);
            _file.SetLength(length);
            _file.Seek(length, SeekOrigin.Begin);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _file = null;
            _logger.LogWarning("Vector file {Path} is in use or read-only ({Reason}); new vectors are kept in memory for this run", LogText.Safe(FilePath), LogText.Safe(e.Message));
        }
    }

    private void Write(byte[] record)
    {
        try
        {
            _file!.Write(record);
        }
        catch (IOException e)
        {
            _logger.LogWarning("Vector file {Path} could not be written ({Reason}); new vectors are kept in memory for this run", LogText.Safe(FilePath), LogText.Safe(e.Message));
            _file!.Dispose();
            _file = null;
        }
    }

    private void Flush()
    {
        try
        {
            _file?.Flush();
        }
        catch (IOException)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
