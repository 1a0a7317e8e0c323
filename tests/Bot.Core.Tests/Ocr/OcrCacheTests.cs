using Bot.Core.Ocr;
using Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Core.Tests.Ocr;

public sealed class OcrCacheTests : IDisposable
{
    private const string Settings = "chi_sim+eng psm3";
    private static readonly OcrPage Page = new([new OcrLine("滨江区新建三座社区食堂", 93, 4), new OcrLine(new string('字', 2000), 88, 700)]);

    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private string EntryOf(string hash) => Assert.Single(Directory.GetFiles(_folder.Path, hash + "-*.ocr.json"));

    private long EntrySize()
    {
        var probe = new OcrCache(Path.Combine(_folder.Path, "probe"), NullLogger.Instance);
        probe.Write("PROBE", Settings, Page);
        return new FileInfo(Assert.Single(Directory.GetFiles(probe.Folder))).Length;
    }

    [Fact]
    public void Write_WhenOverItsBound_RemovesTheEntriesUsedLongestAgo()
    {
        var cache = new OcrCache(_folder.Path, NullLogger.Instance, maxBytes: EntrySize() * 5 / 2);
        cache.Write("AAAA", Settings, Page);
        cache.Write("BBBB", Settings, Page);
        File.SetLastWriteTimeUtc(EntryOf("AAAA"), DateTime.UtcNow.AddHours(-3));
        File.SetLastWriteTimeUtc(EntryOf("BBBB"), DateTime.UtcNow.AddHours(-2));

        var read = cache.TryRead("AAAA", Settings);
        cache.Write("CCCC", Settings, Page);

        Assert.NotNull(read);
        Assert.NotNull(cache.TryRead("AAAA", Settings));
        Assert.Null(cache.TryRead("BBBB", Settings));
        Assert.NotNull(cache.TryRead("CCCC", Settings));
    }

    [Fact]
    public void Write_UnderItsBound_KeepsEveryEntry()
    {
        var cache = new OcrCache(_folder.Path, NullLogger.Instance, maxBytes: EntrySize() * 3);

        foreach (var hash in new[] { "AAAA", "BBBB", "CCCC" })
            cache.Write(hash, Settings, Page);

        Assert.Equal(3, Directory.GetFiles(_folder.Path, "*.ocr.json").Length);
    }

    [Fact]
    public void Prune_RemovesTemporaryFilesLeftByUnfinishedWrites_ButNotOnesBeingWritten()
    {
        var cache = new OcrCache(_folder.Path, NullLogger.Instance);
        var stale = Path.Combine(_folder.Path, "AAAA-000000000000.ocr.json.0123.tmp");
        var fresh = Path.Combine(_folder.Path, "BBBB-000000000000.ocr.json.4567.tmp");
        File.WriteAllText(stale, "[");
        File.WriteAllText(fresh, "[");
        File.SetLastWriteTimeUtc(stale, DateTime.UtcNow.AddHours(-2));

        var removed = cache.Prune();

        Assert.Equal(1, removed);
        Assert.False(File.Exists(stale));
        Assert.True(File.Exists(fresh));
    }
}
