using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Core.Tests.Indexing;

public sealed class KnowledgeStoreReloadTests : IDisposable
{
    private const int Files = 120;
    private readonly TempFolder _knowledge = new();
    private readonly TempFolder _index = new();

    public KnowledgeStoreReloadTests()
    {
        foreach (var (id, title, text) in SyntheticNews.Articles(Files))
            _knowledge.Write($"{id}.txt", $"{title}\n{text}\n");
    }

    public void Dispose()
    {
        _knowledge.Dispose();
        _index.Dispose();
    }

    [Theory]
    [InlineData("memory")]
    [InlineData("folder")]
    public async Task Reload_WithOneFileAdded_ParsesAndIndexesThatFileAlone(string index)
    {
        var reads = new CountingReader(new PlainTextReader());
        await using var services = CoreFactory.Services(_knowledge.Path,
            new Dictionary<string, string?> { ["Knowledge:IndexPath"] = index == "memory" ? "memory" : _index.Path },
            configure: s =>
            {
                s.RemoveAll<IKnowledgeReader>();
                s.AddSingleton<IKnowledgeReader>(reads);
            });
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();
        reads.Count = 0;

        _knowledge.Write("added.txt", "临港新片区的新闻\n临港新片区今天开放了一座新的图书馆。\n");
        var reloaded = await store.LoadAsync();

        Assert.Equal(1, reads.Count);
        Assert.Equal(new KnowledgeLoadCounts(Parsed: 1, FromCache: 0, Unchanged: Files, Kept: 0, Skipped: 0), reloaded.Load.Counts);
        Assert.False(reloaded.Changes.Rebuilt);
        Assert.Equal(["added.txt"], reloaded.Changes.Added);
        Assert.Equal(Files, reloaded.Changes.Unchanged);
        Assert.Equal(Files + 1, reloaded.Files.Count);
        Assert.Contains(reloaded.Index.SearchPassages(QuestionAnalyzer.Analyze("临港新片区图书馆"), 3), h => h.Passage.Article.SourcePath == "added.txt");
        // The index kept from before plus the file added is the index a fresh build makes.
        await using var fresh = await CoreFactory.LoadedAsync(_knowledge.Path);
        var full = fresh.GetRequiredService<IKnowledgeStore>().Current;
        Assert.Equal(full.Index.DocumentCount, reloaded.Index.DocumentCount);
        Assert.Equal(full.Passages.Select(p => p.Text), reloaded.Passages.Select(p => p.Text));
    }

    [Fact]
    public async Task Reload_WhenAFileChanged_ReadsItAgain_AndLeavesTheOthers()
    {
        var reads = new CountingReader(new PlainTextReader());
        await using var services = CoreFactory.Services(_knowledge.Path, configure: s =>
        {
            s.RemoveAll<IKnowledgeReader>();
            s.AddSingleton<IKnowledgeReader>(reads);
        });
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();
        reads.Count = 0;

        var changed = Path.Combine(_knowledge.Path, "news-0003.txt");
        File.WriteAllText(changed, "改写后的标题\n这篇文章改写了，讲的是崇明岛的候鸟。\n");
        File.SetLastWriteTimeUtc(changed, File.GetLastWriteTimeUtc(changed).AddSeconds(5));
        File.Delete(Path.Combine(_knowledge.Path, "news-0004.txt"));
        var reloaded = await store.LoadAsync();

        Assert.Equal(1, reads.Count);
        Assert.Equal(["news-0003.txt"], reloaded.Changes.Changed);
        Assert.Equal(["news-0004.txt"], reloaded.Changes.Deleted);
        Assert.Equal(Files - 2, reloaded.Changes.Unchanged);
        Assert.Contains(reloaded.Articles, a => a.SourcePath == "news-0003.txt" && a.Title == "改写后的标题");
        Assert.DoesNotContain(reloaded.Articles, a => a.SourcePath == "news-0004.txt");
    }

    private sealed class CountingReader(IKnowledgeReader inner) : IKnowledgeReader
    {
        public int Count;

        public bool CanRead(string path) => inner.CanRead(path);

        public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Count);
            return inner.Read(stream, sourcePath, warn, cancellationToken);
        }
    }
}
