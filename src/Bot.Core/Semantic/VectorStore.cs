using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Bot.Core.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Semantic;

/// <summary>
/// The passage vectors of one embedding model, keyed by a hash of the text embedded, so that an unchanged passage is
/// never embedded twice and a changed one only once. Each vector is kept as 8-bit integers with one scale (a quarter of
/// float32's size): 297,077 passages at 1,024 dimensions take about 310 MB. Persisted, when an index folder is used,
/// in one append-only file per model and dimension count beside the index, read once at start.
/// </summary>
public sealed class VectorStore : IDisposable
{
    private static readonly byte[] Magic = "NBVEC1\0\0"u8.ToArray();
    private readonly Lock _lock = new();
    private readonly Dictionary<UInt128, int> _rows = [];
    private readonly List<sbyte[]> _vectors = [];
    private readonly List<float> _scales = [];
    private readonly ILogger _logger;
    private FileStream? _file;

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
                return _vectors.Count;
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
        store.Load();
        return store;
    }

    /// <summary>The key of <paramref name="text"/>: the first 128 bits of its SHA-256.</summary>
    public static UInt128 Key(string text)
    {
        Span<byte> hash = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(text), hash);
        return new UInt128(BitConverter.ToUInt64(hash[..8]), BitConverter.ToUInt64(hash[8..16]));
    }

    /// <summary>The vector stored under <paramref name="key"/> and its scale, if any.</summary>
    public bool TryGet(UInt128 key, out sbyte[] vector, out float scale)
    {
        lock (_lock)
        {
            if (_rows.TryGetValue(key, out var row))
            {
                (vector, scale) = (_vectors[row], _scales[row]);
                return true;
            }
        }
        (vector, scale) = ([], 0);
        return false;
    }

    /// <summary>True when a vector is stored under <paramref name="key"/>.</summary>
    public bool Contains(UInt128 key)
    {
        lock (_lock)
            return _rows.ContainsKey(key);
    }

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
        lock (_lock)
        {
            if (Dimensions != 0 && dims != Dimensions)
                throw new ServiceReplyException($"the embedding model returned {dims} dimensions where the stored vectors have {Dimensions}");
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
                _rows[key] = _vectors.Count;
                _vectors.Add(quantized);
                _scales.Add(scale);
                if (_file is null)
                    continue;
                BitConverter.TryWriteBytes(record.AsSpan(0, 8), (ulong)(key >> 64));
                BitConverter.TryWriteBytes(record.AsSpan(8, 8), (ulong)key);
                BitConverter.TryWriteBytes(record.AsSpan(16, 4), scale);
                MemoryMarshalCopy(quantized, record.AsSpan(20));
                Write(record);
            }
            Flush();
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

    /// <inheritdoc />
    public void Dispose()
    {
        lock (_lock)
        {
            _file?.Dispose();
            _file = null;
        }
    }

    private void Load()
    {
        try
        {
            if (File.Exists(FilePath))
            {
                using var read = new FileStream(FilePath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 20);
                var header = new byte[12];
                if (read.ReadAtLeast(header, 12, throwOnEndOfStream: false) == 12 && header.AsSpan(0, 8).SequenceEqual(Magic))
                {
                    Dimensions = BitConverter.ToInt32(header, 8);
                    var record = new byte[20 + Dimensions];
                    long good = 12;
                    while (read.ReadAtLeast(record, record.Length, throwOnEndOfStream: false) == record.Length)
                    {
                        var key = new UInt128(BitConverter.ToUInt64(record, 0), BitConverter.ToUInt64(record, 8));
                        var values = new sbyte[Dimensions];
                        record.AsSpan(20).CopyTo(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
                        if (_rows.TryAdd(key, _vectors.Count))
                        {
                            _vectors.Add(values);
                            _scales.Add(BitConverter.ToSingle(record, 16));
                        }
                        good += record.Length;
                    }
                    read.Close();
                    OpenForAppend(good);
                    return;
                }
                _logger.LogWarning("Vector file {Path} is not one this version wrote; it is started again", LogText.Safe(FilePath));
            }
        }
        catch (IOException e)
        {
            _logger.LogWarning("Vector file {Path} could not be read ({Reason}); vectors are kept in memory for this run", LogText.Safe(FilePath), LogText.Safe(e.Message));
            return;
        }
        catch (UnauthorizedAccessException e)
        {
            _logger.LogWarning("Vector file {Path} could not be read ({Reason}); vectors are kept in memory for this run", LogText.Safe(FilePath), LogText.Safe(e.Message));
            return;
        }
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

    private static void MemoryMarshalCopy(sbyte[] values, Span<byte> target) =>
        System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()).CopyTo(target);

    private static string Hash(string text) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(text))).ToLowerInvariant();
}
