using System.Text.Json;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;

namespace Bot.Core.Tests.Indexing;

public sealed class ArticleCacheTests
{
    [Fact]
    public void Load_SecondTime_ReadsTheSameArticlesAndWarningsFromTheCache()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        folder.Write("news.jsonl", "{\"id\":\"n1\",\"title\":\"标题一\",\"text\":\"内容一。\",\"date\":\"2023-07-01\"}\n{broken\n{\"id\":\"n2\",\"title\":\"\",\"text\":\"没有标题的内容。\"}\n");
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);

        var parsed = loader.Load(folder.Path, cache);
        var cached = loader.Load(folder.Path, cache);

        Assert.Equal(2, Directory.GetFiles(cache.Folder).Length);
        Assert.Equal(Describe(parsed.Articles), Describe(cached.Articles));
        Assert.Contains(parsed.Articles, a => a.PullQuotes.Count > 0);
        Assert.Contains(parsed.Articles, a => a.Byline is not null);
        Assert.Contains(parsed.Articles, a => !a.HasOwnTitle);
        Assert.Equal(parsed.Warnings, cached.Warnings);
        Assert.Equal(parsed.FileHashes, cached.FileHashes);
    }

    [Fact]
    public void Load_ParsesAFileOnlyWhenItsContentIsNotCached()
    {
        using var folder = new TempFolder();
        folder.Write("a.txt", "标题\n正文第一句。");
        var reader = new Mock<IKnowledgeReader>();
        reader.Setup(r => r.CanRead(It.IsAny<string>())).Returns(true);
        reader.Setup(r => r.Read(It.IsAny<Stream>(), It.IsAny<string>(), It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()))
            .Returns((Stream _, string name, Action<string> _, CancellationToken _) => [new Article("x", "标题", ["正文第一句。"], name)]);
        var loader = new KnowledgeLoader([reader.Object], Microsoft.Extensions.Options.Options.Create(new Bot.Core.Options.KnowledgeOptions()),
            NullLogger<KnowledgeLoader>.Instance);
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);

        loader.Load(folder.Path, cache);
        loader.Load(folder.Path, cache);
        folder.Write("a.txt", "标题\n正文改过了。");
        var changed = loader.Load(folder.Path, cache);

        reader.Verify(r => r.Read(It.IsAny<Stream>(), "a.txt", It.IsAny<Action<string>>(), It.IsAny<CancellationToken>()), Times.Exactly(2));
        Assert.Single(Directory.GetFiles(cache.Folder));
        Assert.Equal("a.txt", Assert.Single(changed.Articles).SourcePath);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9)]
    [InlineData(40)]
    public void Load_DamagedEntry_ParsesTheFileAgainAndRewritesIt(int keptBytes)
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        var parsed = loader.Load(folder.Path, cache);
        var entry = Assert.Single(Directory.GetFiles(cache.Folder));
        var whole = File.ReadAllBytes(entry);
        File.WriteAllBytes(entry, [.. whole.Take(keptBytes), .. new byte[] { 0xFF, 0xFF, 0xFF, 0x7F }]);

        var reloaded = loader.Load(folder.Path, cache);

        Assert.Equal(Describe(parsed.Articles), Describe(reloaded.Articles));
        Assert.Equal(whole, File.ReadAllBytes(entry));
    }

    [Fact]
    public void Load_RenamedFile_IsParsedUnderItsNewName()
    {
        using var folder = new TempFolder();
        folder.Write("old.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        loader.Load(folder.Path, cache);
        File.Move(Path.Combine(folder.Path, "old.txt"), Path.Combine(folder.Path, "new.txt"));

        var renamed = loader.Load(folder.Path, cache);

        Assert.All(renamed.Articles, a => Assert.Equal("new.txt", a.SourcePath));
        Assert.All(renamed.Articles, a => Assert.DoesNotContain("old", a.Id));
        Assert.Single(Directory.GetFiles(cache.Folder));
    }

    [Fact]
    public void Load_Parsed_KeepsTheTextInTheEntryAndReadsItBackAsItWas()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var original = loader.Load(folder.Path);
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);

        var parsed = loader.Load(folder.Path, cache);
        var reopened = loader.Load(folder.Path, cache);

        Assert.All(parsed.Articles.Concat(reopened.Articles), a => Assert.IsType<StoredParagraphs>(a.Paragraphs));
        Assert.Equal(Describe(original.Articles), Describe(parsed.Articles));
        Assert.Equal(Describe(original.Articles), Describe(reopened.Articles));
        // Read in another order than written: each article's text by its own offset.
        Assert.Equal(original.Articles.Reverse().Select(a => a.Body), reopened.Articles.Reverse().Select(a => a.Body));
    }

    [Theory]
    [InlineData("changed")]
    [InlineData("cut")]
    [InlineData("missing")]
    public void ReadText_WhenTheEntryChangedUnderTheLoad_ReadsTheFileAgainAndRewritesTheEntry(string damage)
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var original = loader.Load(folder.Path);
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        var loaded = loader.Load(folder.Path, cache);
        var entry = Assert.Single(Directory.GetFiles(cache.Folder));
        var whole = File.ReadAllBytes(entry);

        switch (damage)
        {
            case "changed":
                // The same length, other bytes in the last article's text.
                var changed = whole.ToArray();
                changed.AsSpan(changed.Length - 12).Fill((byte)'x');
                File.WriteAllBytes(entry, changed);
                File.SetLastWriteTimeUtc(entry, File.GetLastWriteTimeUtc(entry).AddMinutes(1));
                break;
            case "cut":
                File.WriteAllBytes(entry, whole[..(whole.Length / 2)]);
                break;
            default:
                File.Delete(entry);
                break;
        }

        Assert.Equal(Describe(original.Articles), Describe(loaded.Articles));
        Assert.Equal(whole, File.ReadAllBytes(entry));
    }

    [Fact]
    public void ReadText_WhenTheEntryCannotBeRewritten_KeepsTheTextReadAgainInMemory()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var original = loader.Load(folder.Path);
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        loader.Load(folder.Path, cache);
        var readOnly = new ArticleCache(cache.Folder, NullLogger.Instance, readOnly: true);
        var loaded = loader.Load(folder.Path, readOnly);
        File.Delete(Assert.Single(Directory.GetFiles(cache.Folder)));

        Assert.Equal(Describe(original.Articles), Describe(loaded.Articles));
        Assert.Empty(Directory.GetFiles(cache.Folder));
    }

    [Fact]
    public void ReadText_WhenTheEntryAndItsFileBothChanged_FailsAsAnIOErrorNamingTheEntry()
    {
        using var folder = new TempFolder();
        folder.Write("a.txt", "标题\n正文第一句。");
        using var services = CoreFactory.Services(folder.Path);
        var loader = services.GetRequiredService<KnowledgeLoader>();
        var cache = new ArticleCache(Path.Combine(folder.Path, ".cache"), NullLogger.Instance);
        var loaded = loader.Load(folder.Path, cache);
        File.Delete(Assert.Single(Directory.GetFiles(cache.Folder)));
        folder.Write("a.txt", "标题\n正文改过了。");

        var error = Assert.ThrowsAny<IOException>(() => Assert.Single(loaded.Articles).Body);

        Assert.Contains("changed since it was loaded", error.Message);
    }

    private static List<string> Describe(IEnumerable<Article> articles) =>
        articles.Select(a => JsonSerializer.Serialize(new
        {
            a.Id, a.Title, a.Paragraphs, a.SourcePath, a.Date, a.Byline, a.PullQuotes, a.HasOwnTitle,
        })).ToList();
}
