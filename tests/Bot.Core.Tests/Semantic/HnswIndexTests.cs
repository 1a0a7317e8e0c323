using Bot.Core.Indexing;
using Bot.Core.Semantic;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Semantic;

public sealed class HnswIndexTests : IDisposable
{
    private const int Dimensions = 256;
    private readonly TempFolder _folder = new();
    private readonly ListLoggerProvider _logs = new();

    private ILogger Logger => _logs.CreateLogger("test");

    [Fact]
    public void Search_FindsWhatTheExactSearchFinds_RecallAtTenOver098()
    {
        using var store = VectorStore.Open(null, "random", Dimensions, Logger);
        store.Add(RandomVectors(3000, seed: 1));
        using var index = HnswIndex.Open(store, Logger);

        var recall = Recall(store, index, RandomVectors(100, seed: 2).Select(v => v.Vector), k: 10);

        Assert.Equal(3000, index.Count);
        Assert.True(recall >= 0.98, $"recall@10 {recall:F3}");
    }

    [Fact]
    public void SearchExpansion_IsTheListASearchKeeps_AShortOneFindsLessOfTheExactTen()
    {
        using var store = VectorStore.Open(null, "random", Dimensions, Logger);
        store.Add(RandomVectors(3000, seed: 6));
        using var index = HnswIndex.Open(store, Logger);
        var questions = RandomVectors(100, seed: 7).Select(v => v.Vector).ToList();

        var defaultList = index.SearchExpansion;
        var wide = Recall(store, index, questions, k: 10);
        index.SearchExpansion = 10;
        var narrow = Recall(store, index, questions, k: 10);

        Assert.Equal(160, defaultList);
        Assert.Equal(10, index.SearchExpansion);
        Assert.True(narrow < wide, $"recall@10 with a list of 10: {narrow:F3}, with 160: {wide:F3}");
        Assert.Throws<ArgumentOutOfRangeException>(() => index.SearchExpansion = 0);
    }

    [Fact]
    public void Shape_BuildsTheGraphAsGiven_AndASavedIndexKeepsItsOwn()
    {
        var shape = new HnswShape(Connectivity: 8, ExpansionAdd: 64, ExpansionSearch: 100);
        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        {
            store.Add(RandomVectors(500, seed: 8));
            using var index = HnswIndex.Open(store, shape, Logger);
            Assert.Equal((8, 100), (index.Connectivity, index.SearchExpansion));
        }

        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        {
            using var index = HnswIndex.Open(store, Logger);
            Assert.Equal(500, index.Count);
            Assert.Equal(8, index.Connectivity);
        }
        using (var store = VectorStore.Open(null, "random", Dimensions, Logger))
        {
            store.Add(RandomVectors(100, seed: 9));
            using var index = HnswIndex.Open(store, Logger);
            Assert.Equal(HnswShape.Default.Connectivity, index.Connectivity);
        }
    }

    [Fact]
    public void Reopen_MapsTheSavedIndex_AndGrowsItWithTheNewRowsOnly()
    {
        var questions = RandomVectors(20, seed: 3).Select(v => v.Vector).ToList();
        List<ulong[]> before;
        string file;
        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        {
            store.Add(RandomVectors(1000, seed: 4));
            using var index = HnswIndex.Open(store, Logger);
            file = index.FilePath!;
            before = questions.Select(q => Top(index, q, 5)).ToList();
        }
        Assert.True(File.Exists(file));
        var written = File.GetLastWriteTimeUtc(file);

        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        using (var index = HnswIndex.Open(store, Logger))
        {
            Assert.Equal(1000, index.Count);
            Assert.Equal(written, File.GetLastWriteTimeUtc(file));
            Assert.Equal(before, questions.Select(q => Top(index, q, 5)).ToList());

            var added = RandomVectors(200, seed: 5);
            store.Add(added);
            index.Extend(store);

            Assert.Equal(1200, index.Count);
            // A new vector is its own nearest.
            Assert.Equal(1000UL + 17, Top(index, added[17].Vector, 1)[0]);
        }
        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        using (var index = HnswIndex.Open(store, Logger))
            Assert.Equal(1200, index.Count);
    }

    [Theory]
    [InlineData("garbage")]
    [InlineData("cut")]
    public void DamagedIndexFile_IsMovedAside_AndBuiltAgainFromTheVectors(string damage)
    {
        string file;
        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        {
            store.Add(RandomVectors(500, seed: 6));
            using var index = HnswIndex.Open(store, Logger);
            file = index.FilePath!;
        }
        if (damage == "garbage")
            File.WriteAllBytes(file, Enumerable.Range(0, 5000).Select(i => (byte)(i * 31)).ToArray());
        else
        {
            using var cut = new FileStream(file, FileMode.Open);
            cut.SetLength(cut.Length / 2);
        }

        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        using (var index = HnswIndex.Open(store, Logger))
        {
            Assert.Equal(500, index.Count);
            var probe = RandomVectors(500, seed: 6)[123].Vector;
            Assert.Equal(123UL, Top(index, probe, 1)[0]);
        }
        Assert.True(File.Exists(file + ".broken"));
        Assert.Contains(_logs.Lines, l => l.Contains("moved to", StringComparison.Ordinal) && l.Contains(".hnsw.broken", StringComparison.Ordinal));
    }

    [Fact]
    public void VectorFileCutShort_TheIndexOfTheLostRowsIsBuiltAgain()
    {
        string vectors;
        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        {
            store.Add(RandomVectors(300, seed: 7));
            using var index = HnswIndex.Open(store, Logger);
            vectors = store.FilePath!;
        }
        // A crash cut the vector file inside its 201st record; then other vectors take rows 200 on.
        using (var cut = new FileStream(vectors, FileMode.Open))
            cut.SetLength(12 + 200L * (20 + Dimensions) + 40);
        using (var store = VectorStore.Open(_folder.Path, "random", Dimensions, Logger))
        {
            Assert.Equal(200, store.Count);
            var other = RandomVectors(150, seed: 8);
            store.Add(other);
            using var index = HnswIndex.Open(store, Logger);

            Assert.Equal(350, index.Count);
            Assert.Equal(200UL + 40, Top(index, other[40].Vector, 1)[0]);
        }
    }

    [Fact]
    public async Task SearchList_TheIndexerSearchesWithTheConfiguredList_AfterTheIndexIsReopenedAndGrown()
    {
        await using var model = await FakeModelServer.StartAsync();
        using var knowledge = new TempFolder();
        SyntheticNews.WriteThreeStories(knowledge);
        using var index = new TempFolder();
        var settings = ModelSettings(model, index.Path, exactBelow: 0);
        settings["Embeddings:SearchList"] = "480";

        for (var run = 0; run < 2; run++)
        {
            if (run == 1)
                await File.WriteAllTextAsync(Path.Combine(knowledge.Path, "more.jsonl"), SyntheticNews.Jsonl(3, seed: 7));
            await using var services = await CoreFactory.LoadedAsync(knowledge.Path, settings);
            var indexer = services.GetRequiredService<VectorIndexer>();
            await indexer.IndexAsync(services.GetRequiredService<IKnowledgeStore>().Current);

            // The second run maps the saved file and extends it with the new passages: the list stays the one configured.
            Assert.Equal(480, indexer.ApproximateIndex!.SearchExpansion);
        }
    }

    [Fact]
    public async Task Threshold_ApproximateAndExactSearch_GiveTheSameAnswers()
    {
        await using var model = await FakeModelServer.StartAsync();
        using var knowledge = new TempFolder();
        SyntheticNews.WriteThreeStories(knowledge);
        var questions = new[] { "How is the Huawei research center in Qingpu going?", "华为青浦研发中心建得怎么样了？", "上海交通大学副校长是谁？" };

        async Task<(bool Approximate, List<string> Sources)> AskAsync(int exactBelow)
        {
            using var index = new TempFolder();
            var settings = ModelSettings(model, index.Path, exactBelow);
            await using var services = await CoreFactory.LoadedAsync(knowledge.Path, settings);
            var indexer = services.GetRequiredService<VectorIndexer>();
            var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
            await indexer.IndexAsync(snapshot);
            var sources = new List<string>();
            foreach (var q in questions)
                sources.Add(string.Join(",", (await services.Answerer().AnswerAsync(q)).Sources.Select(s => s.Id)));
            return (indexer.For(snapshot)!.IsApproximate, sources);
        }

        var exact = await AskAsync(1_000_000);
        var approximate = await AskAsync(0);

        Assert.False(exact.Approximate);
        Assert.True(approximate.Approximate);
        Assert.Equal(exact.Sources, approximate.Sources);
        Assert.StartsWith("huawei", approximate.Sources[0]);
    }

    // The fake embedding model, the index kept in indexPath, the approximate search from exactBelow passages on.
    private static Dictionary<string, string?> ModelSettings(FakeModelServer model, string indexPath, int exactBelow) => new()
    {
        ["Knowledge:IndexPath"] = indexPath,
        ["Embeddings:Provider"] = "openai",
        ["Embeddings:Endpoint"] = model.Endpoint,
        ["Embeddings:Model"] = "fake-concepts",
        ["Embeddings:TimeoutSeconds"] = "30",
        ["Embeddings:ExactBelow"] = exactBelow.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };

    private static ulong[] Top(HnswIndex index, float[] question, int k)
    {
        var rows = new ulong[k];
        var found = index.Search(VectorStore.Quantize(question).Values, k, rows, new float[k]);
        return rows[..found];
    }

    private static double Recall(VectorStore store, HnswIndex index, IEnumerable<float[]> questions, int k)
    {
        var rows = store.Rows();
        Assert.True(rows.TryAcquire());
        double hits = 0, asked = 0;
        foreach (var question in questions)
        {
            var q = VectorStore.Quantize(question).Values;
            var wide = Array.ConvertAll(q, v => (short)v);
            var exact = Enumerable.Range(0, rows.Count)
                .OrderByDescending(r => VectorStore.Dot(wide, rows[r]) * rows.Scale(r))
                .Take(k).Select(r => (ulong)r).ToHashSet();
            hits += Top(index, question, k).Count(exact.Contains);
            asked += k;
        }
        rows.Release();
        return hits / asked;
    }

    // Unit vectors in clusters, as texts on a few topics give, with noise of their own.
    private static List<(UInt128 Key, float[] Vector)> RandomVectors(int count, int seed)
    {
        var random = new Random(seed);
        var centres = new Random(0);
        var topics = Enumerable.Range(0, 50).Select(_ => Enumerable.Range(0, Dimensions).Select(_ => (float)(centres.NextDouble() - 0.5)).ToArray()).ToList();
        return Enumerable.Range(0, count).Select(i =>
        {
            var topic = topics[random.Next(topics.Count)];
            var vector = topic.Select(v => v + (float)(random.NextDouble() - 0.5)).ToArray();
            return (new UInt128((ulong)seed, (ulong)i), vector);
        }).ToList();
    }

    public void Dispose()
    {
        _logs.Dispose();
        _folder.Dispose();
    }
}
