using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.TestSupport;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

/// <summary>
/// Batches of <see cref="IndexBuilder.ArticlesPerPart"/> articles per core or more are built in parts that then join
/// the index; these tests give it enough articles for that on any machine with two cores or more.
/// </summary>
public sealed class IndexBuilderTests : IDisposable
{
    private const int Articles = 2 * IndexBuilder.ArticlesPerPart + 300;
    private readonly TempFolder _knowledge = new();
    private readonly TempFolder _index = new();

    public void Dispose()
    {
        _knowledge.Dispose();
        _index.Dispose();
    }

    private static object Article(int n, string place = "仓库") =>
        new { id = $"n{n}", title = $"第{n}号通告", text = $"编号Q{n}的{place}存放了货物。这是第{n}篇通告的正文，说明货物的来历。" };

    private ServiceProvider Services() => CoreFactory.Services(_knowledge.Path, new Dictionary<string, string?> { ["Knowledge:IndexPath"] = _index.Path });

    private static async Task<KnowledgeSnapshot> LoadAsync(ServiceProvider services) => await services.GetRequiredService<IKnowledgeStore>().LoadAsync();

    private static string? TopText(KnowledgeSnapshot snapshot, string words) =>
        snapshot.Index.SearchPassages(QuestionAnalyzer.Analyze(words), 1).FirstOrDefault()?.Passage.Text;

    [Fact]
    public async Task Load_ThousandsOfArticles_EveryArticleAndPassageIsIndexedOnce()
    {
        _knowledge.WriteJsonl("many.jsonl", Enumerable.Range(0, Articles).Select(n => Article(n)).ToArray());
        await using var services = Services();

        var snapshot = await LoadAsync(services);

        Assert.Equal(Articles, snapshot.Articles.Count);
        Assert.Equal(snapshot.Passages.Count + Articles, snapshot.Index.DocumentCount);
        foreach (var n in new[] { 0, 1, 999, 1000, 1001, 1777, Articles - 1 })
            Assert.Contains($"编号Q{n}的", TopText(snapshot, $"Q{n}"));
        Assert.False(System.IO.Directory.Exists(Path.Combine(_index.Path, IndexBuilder.PartsFolder)));
    }

    [Fact]
    public async Task Load_ThousandsOfArticlesChanged_ReplacesTheOldOnes()
    {
        var file = _knowledge.WriteJsonl("many.jsonl", Enumerable.Range(0, Articles).Select(n => Article(n)).ToArray());
        await using var services = Services();
        await LoadAsync(services);

        _knowledge.WriteJsonl("many.jsonl", Enumerable.Range(100, Articles).Select(n => Article(n, "码头")).ToArray());
        var snapshot = await LoadAsync(services);

        Assert.Equal(["many.jsonl"], snapshot.Changes.Changed);
        Assert.Equal(snapshot.Passages.Count + Articles, snapshot.Index.DocumentCount);
        Assert.Contains("编号Q150的码头", TopText(snapshot, "Q150"));
        Assert.Contains($"编号Q{Articles + 99}的码头", TopText(snapshot, $"Q{Articles + 99}"));
        Assert.Null(TopText(snapshot, "Q50"));
        Assert.True(File.Exists(file));
    }

    [Fact]
    public async Task Load_PartsLeftByAKilledBuild_AreRemovedAndIgnored()
    {
        _knowledge.WriteJsonl("few.jsonl", Article(1), Article(2));
        var leftover = Path.Combine(_index.Path, IndexBuilder.PartsFolder, "0");
        System.IO.Directory.CreateDirectory(leftover);
        File.WriteAllText(Path.Combine(leftover, "_0.si"), "half-written");
        await using var services = Services();

        var snapshot = await LoadAsync(services);

        Assert.Contains("编号Q2的", TopText(snapshot, "Q2"));
        Assert.False(System.IO.Directory.Exists(Path.Combine(_index.Path, IndexBuilder.PartsFolder)));
    }

    [Fact]
    public async Task Add_Canceled_AddsNothingAndLeavesNoPartsBehind()
    {
        _knowledge.WriteJsonl("many.jsonl", Enumerable.Range(0, Articles).Select(n => Article(n)).ToArray());
        await using var services = Services();
        var load = services.GetRequiredService<KnowledgeLoader>().Load(_knowledge.Path);
        var (_, catalog) = KnowledgeSnapshotFactory.Cut(load, 200);
        using var directory = new SimpleFSDirectory(new DirectoryInfo(_index.Path));
        using var writer = new IndexWriter(directory, KnowledgeIndex.WriterConfig(OpenMode.CREATE));

        Assert.ThrowsAny<OperationCanceledException>(() => IndexBuilder.Add(writer, load.Articles, catalog, new CancellationToken(canceled: true)));

        writer.Commit();
        Assert.Equal(0, writer.NumDocs);
        Assert.False(System.IO.Directory.Exists(Path.Combine(_index.Path, IndexBuilder.PartsFolder)));
    }
}
