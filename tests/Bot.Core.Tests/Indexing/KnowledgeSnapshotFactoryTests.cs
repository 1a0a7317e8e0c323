using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Indexing;

public sealed class KnowledgeSnapshotFactoryTests
{
    [Fact]
    public void Cut_FromTheArticleCache_TakesTheKeptCutWithoutReadingTheText()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var (fromText, _) = KnowledgeSnapshotFactory.Cut(loader.Load(folder.Path), 200);
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        KnowledgeSnapshotFactory.Cut(loader.Load(folder.Path, cache), 200);
        var reopened = loader.Load(folder.Path, cache);
        // From here on, reading any article's text fails: its entry changed and so did its knowledge file.
        var entry = Assert.Single(Directory.GetFiles(cache.Folder));
        File.SetLastWriteTimeUtc(entry, File.GetLastWriteTimeUtc(entry).AddMinutes(1));
        folder.Write("page.txt", "另一篇\n改过的内容。");

        var (kept, _) = KnowledgeSnapshotFactory.Cut(reopened, 200);

        Assert.Equal(Describe(fromText), Describe(kept));
        Assert.Throws<IOException>(() => kept[0].Text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(40)]
    [InlineData(-4)]
    public void Cut_WhenTheKeptCutIsDamaged_CutsTheTextAgainAndRewritesIt(int keptBytes)
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        var (first, _) = KnowledgeSnapshotFactory.Cut(loader.Load(folder.Path, cache), 200);
        var cut = Assert.Single(Directory.GetFiles(Path.Combine(cache.Folder, ArticleTextFile.CutsFolder)));
        var whole = File.ReadAllBytes(cut);
        var damaged = whole[..(keptBytes >= 0 ? keptBytes : whole.Length + keptBytes)];
        File.WriteAllBytes(cut, [.. damaged, .. new byte[] { 0x01, 0x00, 0x00, 0x00 }]);

        var (again, _) = KnowledgeSnapshotFactory.Cut(loader.Load(folder.Path, cache), 200);

        Assert.Equal(Describe(first), Describe(again));
        Assert.Equal(whole, File.ReadAllBytes(cut));
    }

    [Fact]
    public void Load_WhenTheEntryIsPruned_RemovesItsKeptCutToo()
    {
        using var folder = new TempFolder();
        folder.Write("a.txt", "标题\n正文第一句。");
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        KnowledgeSnapshotFactory.Cut(loader.Load(folder.Path, cache), 200);
        folder.Write("a.txt", "标题\n正文改过了。");

        KnowledgeSnapshotFactory.Cut(loader.Load(folder.Path, cache), 200);

        var entry = Path.GetFileName(Assert.Single(Directory.GetFiles(cache.Folder)));
        Assert.StartsWith(entry + ".", Path.GetFileName(Assert.Single(Directory.GetFiles(Path.Combine(cache.Folder, ArticleTextFile.CutsFolder)))));
    }

    private static List<string> Describe(IEnumerable<Passage> passages) =>
        passages.Select(p => $"{p.Ordinal} {p.Article.Id} {p.Position} {p.Paragraph} {string.Join(',', p.Bounds)}").ToList();
}
