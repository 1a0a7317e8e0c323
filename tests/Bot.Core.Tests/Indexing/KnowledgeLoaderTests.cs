using System.IO.Compression;
using System.Text;
using Bot.Core.Indexing;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Tests.Indexing;

public sealed class KnowledgeLoaderTests
{
    [Fact]
    public void Load_FileNamedWithALineBreak_CannotForgeALogLine()
    {
        using var folder = new TempFolder();
        folder.Write("a\ninfo: Bot.Core[0] all good.bin", "whatever");
        folder.Write("b\u001b[31m.txt", "");
        var logs = new ListLoggerProvider();
        // Each skipped file is named at Debug (one warning a load sums them up).
        using var services = CoreFactory.Services(folder.Path, logs: logs, configure: s => s.AddLogging(b => b.SetMinimumLevel(LogLevel.Debug)));

        var result = services.GetRequiredService<KnowledgeLoader>().Load(folder.Path);

        Assert.Equal(2, result.Skipped.Count);
        var lines = logs.Lines.Where(l => l.Contains("Skipped")).ToList();
        Assert.Equal(2, lines.Count);
        Assert.All(lines, l => Assert.DoesNotContain(l, c => char.IsControl(c)));
        Assert.Contains(lines, l => l.Contains("a\\ninfo: Bot.Core[0] all good.bin"));
        Assert.Contains(lines, l => l.Contains("b\\u001b[31m.txt"));
    }

    [Fact]
    public void Load_MixedFolder_ReadsEveryFormatAndSkipsBadFilesByName()
    {
        using var folder = new TempFolder();
        folder.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        folder.Write("note.md", "---\ntitle: 前端笔记\ndate: 2024-01-05\n---\n\n正文第一句。正文第二句。");
        folder.Write("news.jsonl", "{\"id\":\"n1\",\"title\":\"标题一\",\"text\":\"内容一。\",\"date\":\"2023-07-01\"}\n{broken\n{\"id\":\"n2\",\"title\":\"\",\"text\":\"没有标题的内容。\"}\n");
        folder.Write("more.jsonl.gz", Gzip("{\"id\":\"g1\",\"title\":\"压缩\",\"text\":\"压缩文件里的文章。\"}\n"));
        folder.Write("picture.txt", [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x01]);
        folder.Write("empty.txt", "");
        folder.Write("data.bin", "whatever");
        folder.Write("broken.pdf", "%PDF-1.4\n1 0 obj << broken");
        folder.Write("fake.docx", "plain text pretending to be Word");
        folder.Write("~$draft.docx", "office lock file");

        using var services = CoreFactory.Services(folder.Path);
        var result = services.GetRequiredService<KnowledgeLoader>().Load(folder.Path);

        Assert.Equal(3 + 1 + 2 + 1, result.Articles.Count);
        Assert.Contains(result.Articles, a => a.Id == "n1" && a.Date == new DateOnly(2023, 7, 1));
        Assert.Contains(result.Articles, a => a.Id == "n2" && !a.HasOwnTitle);
        Assert.Contains(result.Articles, a => a.Id == "g1");
        Assert.Contains(result.Articles, a => a.Title == "前端笔记" && a.Date == new DateOnly(2024, 1, 5));
        Assert.Contains(result.Warnings, w => w.Contains("news.jsonl") && w.Contains("line 2"));
        Assert.Contains(result.Skipped, s => s.Path == "picture.txt" && s.Reason.Contains("binary"));
        Assert.Contains(result.Skipped, s => s.Path == "empty.txt" && s.Reason.Contains("empty"));
        Assert.Contains(result.Skipped, s => s.Path == "data.bin" && s.Reason.Contains("unsupported"));
        Assert.Contains(result.Skipped, s => s.Path == "broken.pdf" && s.Reason.Contains("corrupt PDF"));
        Assert.Contains(result.Skipped, s => s.Path == "fake.docx" && s.Reason.Contains("not a .docx"));
        Assert.DoesNotContain(result.Skipped, s => s.Path.Contains("~$"));
    }

    [Fact]
    public void Load_LargeJsonl_KeepsFileOrderAndNamesBrokenLinesAcrossBatches()
    {
        using var folder = new TempFolder();
        var lines = Enumerable.Range(1, 9000).Select(i => i % 3001 == 0
            ? "{not json"
            : $"{{\"id\":\"a{i}\",\"title\":\"\",\"text\":\"第{i}篇文章的正文。\"}}");
        folder.Write("archive.jsonl.gz", Gzip(string.Join("\n", lines) + "\n"));
        using var services = CoreFactory.Services(folder.Path);

        var result = services.GetRequiredService<KnowledgeLoader>().Load(folder.Path);

        var expected = Enumerable.Range(1, 9000).Where(i => i % 3001 != 0).Select(i => $"a{i}");
        Assert.Equal(expected, result.Articles.Select(a => a.Id));
        Assert.Contains(result.Warnings, w => w.Contains("line 3001 skipped"));
        Assert.Contains(result.Warnings, w => w.Contains("line 6002 skipped"));
    }

    [Fact]
    public void Load_FileOverTheSizeLimit_IsSkippedWithTheReason()
    {
        using var folder = new TempFolder();
        folder.Write("big.txt", new string('字', 400));
        using var services = CoreFactory.Services(folder.Path, new Dictionary<string, string?> { ["Knowledge:MaxFileBytes"] = "100" });

        var result = services.GetRequiredService<KnowledgeLoader>().Load(folder.Path);

        Assert.Empty(result.Articles);
        Assert.Contains("MaxFileBytes", Assert.Single(result.Skipped).Reason);
    }

    [Fact]
    public void Load_MissingPath_ThrowsWithThePath()
    {
        using var services = CoreFactory.Services("/no/such/folder");

        var e = Assert.Throws<DirectoryNotFoundException>(() => services.GetRequiredService<KnowledgeLoader>().Load("/no/such/folder"));
        Assert.Contains("/no/such/folder", e.Message);
    }

    private static byte[] Gzip(string text)
    {
        using var memory = new MemoryStream();
        using (var gzip = new GZipStream(memory, CompressionLevel.Fastest))
            gzip.Write(Encoding.UTF8.GetBytes(text));
        return memory.ToArray();
    }
}
