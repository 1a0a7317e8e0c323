using Bot.Core.Semantic;
using Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Semantic;

public sealed class VectorStoreTests
{
    [Fact]
    public void QuantizedDot_IsCloseToTheCosine()
    {
        var random = new Random(7);
        var a = Enumerable.Range(0, 1024).Select(_ => (float)random.NextDouble() - 0.5f).ToArray();
        var b = a.Select(v => v + ((float)random.NextDouble() - 0.5f) * 0.5f).ToArray();
        var cosine = System.Numerics.Tensors.TensorPrimitives.CosineSimilarity(a, b);

        var (qa, sa) = VectorStore.Quantize(a);
        var (qb, sb) = VectorStore.Quantize(b);

        Assert.Equal(cosine, VectorStore.Dot(qa, qb) * sa * sb, 2);
    }

    [Theory]
    [InlineData(13)]
    [InlineData(32)]
    [InlineData(1024)]
    [InlineData(1031)]
    public void Dot_WidenedQuestion_EqualsThePlainProduct(int length)
    {
        var random = new Random(length);
        var a = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var b = Enumerable.Range(0, length).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var expected = a.Zip(b, (x, y) => x * y).Sum();

        Assert.Equal(expected, VectorStore.Dot(Array.ConvertAll(a, v => (short)v), b));
        Assert.Equal(expected, VectorStore.Dot(a, b));
    }

    [Fact]
    public void Dot_CountsTheTailBeyondTheVectorWidth()
    {
        sbyte[] a = [.. Enumerable.Repeat((sbyte)127, 67)];
        sbyte[] b = [.. Enumerable.Repeat((sbyte)-127, 67)];

        Assert.Equal(67 * -127 * 127, VectorStore.Dot(a, b));
    }

    [Fact]
    public void Reopened_HoldsWhatWasAdded_AndRefusesOtherDimensions()
    {
        using var folder = new TempFolder();
        var key = VectorStore.Key("华为青浦研发中心");
        using (var store = VectorStore.Open(folder.Path, "bge-m3", null, NullLogger.Instance))
            store.Add([(key, [3f, 4f, 0f])]);

        using var reopened = VectorStore.Open(folder.Path, "bge-m3", null, NullLogger.Instance);

        Assert.Equal(1, reopened.Count);
        Assert.True(reopened.TryGet(key, out var vector, out var scale));
        Assert.Equal(0.6, vector[0] * scale, 2);
        Assert.Equal(0.8, vector[1] * scale, 2);
        Assert.Throws<ServiceReplyException>(() => reopened.Add([(VectorStore.Key("x"), [1f, 2f])]));
        using var otherModel = VectorStore.Open(folder.Path, "text-embedding-3-small", null, NullLogger.Instance);
        Assert.Equal(0, otherModel.Count);
    }

    [Fact]
    public void Reopened_AfterARecordWasCut_KeepsTheWholeOnes()
    {
        using var folder = new TempFolder();
        string path;
        using (var store = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance))
        {
            store.Add([(VectorStore.Key("a"), [1f, 0f]), (VectorStore.Key("b"), [0f, 1f])]);
            path = store.FilePath!;
        }
        using (var file = new FileStream(path, FileMode.Open))
            file.SetLength(file.Length - 1);

        using var reopened = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance);
        reopened.Add([(VectorStore.Key("c"), [1f, 1f])]);
        using var again = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance);

        Assert.True(again.Contains(VectorStore.Key("a")));
        Assert.False(again.Contains(VectorStore.Key("b")));
        Assert.True(again.Contains(VectorStore.Key("c")));
    }
    [Fact]
    public void Reopened_ReadsItsRowsFromTheFileNotTheHeap_AndStillGrows()
    {
        using var folder = new TempFolder();
        const int dims = 2048;
        var first = Vectors(2 * 4096, dims, seed: 1);
        using (var store = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance))
            store.Add(first);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var reopened = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        var second = Vectors(4096 + 100, dims, seed: 2);
        reopened.Add(second);
        reopened.Dispose();
        using var again = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance);

        // Held in the heap the rows would take 16 MB; mapped, reading them takes a buffer of 1 MB, the keys and the scales.
        Assert.True(allocated < first.Count * dims / 4, $"{allocated:N0} bytes allocated reading {first.Count} rows");
        Assert.Equal(first.Count + second.Count, again.Count);
        AssertHolds(again, [.. first, .. second]);
    }

    [Fact]
    public void Reopened_WithADamagedRecordAmongMappedOnes_HoldsAllTheOthers()
    {
        using var folder = new TempFolder();
        const int dims = 64;
        var vectors = Vectors(3 * 4096, dims, seed: 3);
        string path;
        using (var store = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance))
        {
            store.Add(vectors);
            path = store.FilePath!;
        }
        // Record 5,000's scale made negative: rows up to it stay the file's, those after it come one record early.
        using (var file = new FileStream(path, FileMode.Open))
        {
            file.Position = 12 + 5_000L * (20 + dims) + 16;
            file.Write(BitConverter.GetBytes(-1f));
        }

        using (var reopened = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance))
        {
            Assert.Equal(vectors.Count - 1, reopened.Count);
            Assert.False(reopened.Contains(vectors[5_000].Key));
            AssertHolds(reopened, [.. vectors[..5_000], .. vectors[5_001..]]);
            reopened.Add([vectors[5_000]]);
        }
        using var again = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance);
        AssertHolds(again, vectors);
    }

    [Fact]
    public void Rows_TakenBeforeTheStoreGrewOrClosed_ReadTheSameValuesUntilReleased()
    {
        using var folder = new TempFolder();
        const int dims = 64;
        var vectors = Vectors(2 * 4096 + 10, dims, seed: 4);
        var store = VectorStore.Open(folder.Path, "m", null, NullLogger.Instance);
        store.Add(vectors[..(4096 + 10)]);
        var rows = store.Rows();
        Assert.True(rows.TryAcquire());

        store.Add(vectors[(4096 + 10)..]);
        var grown = store.Rows();
        Assert.True(grown.TryAcquire());
        Assert.Equal(4096 + 10, rows.Count);
        Assert.Equal(vectors.Count, grown.Count);
        foreach (var row in new[] { 0, 5, 4095, 4096, 4105 })
        {
            Assert.Equal(VectorStore.Quantize(vectors[row].Vector).Values, rows[row].ToArray());
            Assert.Equal(rows[row].ToArray(), grown[row].ToArray());
        }
        grown.Release();
        store.Dispose();

        // Closed, the store's mapping lasts until its last reader lets it go.
        Assert.Equal(VectorStore.Quantize(vectors[5].Vector).Values, rows[5].ToArray());
        rows.Release();
        Assert.False(rows.TryAcquire());
    }

    private static void AssertHolds(VectorStore store, IReadOnlyList<(UInt128 Key, float[] Vector)> vectors)
    {
        foreach (var (key, vector) in vectors)
        {
            Assert.True(store.TryGet(key, out var values, out var scale));
            var (expected, expectedScale) = VectorStore.Quantize(vector);
            Assert.Equal(expected, values);
            Assert.Equal(expectedScale, scale);
        }
    }

    private static List<(UInt128 Key, float[] Vector)> Vectors(int count, int dims, int seed)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, count)
            .Select(i => (new UInt128((ulong)seed, (ulong)i), Enumerable.Range(0, dims).Select(_ => (float)(random.NextDouble() - 0.5)).ToArray()))
            .ToList();
    }
}
