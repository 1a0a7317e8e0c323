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
}
