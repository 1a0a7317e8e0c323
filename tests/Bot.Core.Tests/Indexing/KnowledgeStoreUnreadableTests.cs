using System.Collections.Concurrent;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

// Tests run as root, which chmod 000 does not stop: the disk refuses through the loader's seam instead.
public sealed class KnowledgeStoreUnreadableTests : IDisposable
{
    private readonly TempFolder _knowledge = new();
    private readonly RefusingDisk _disk = new();
    private readonly ListLoggerProvider _logs = new();

    public KnowledgeStoreUnreadableTests()
    {
        _knowledge.Write("a.txt", "浦东的新闻\n浦东新区今天开通了一条新的公交线路。\n");
        _knowledge.Write("sub/b.txt", "崇明的新闻\n崇明岛的候鸟今年来得特别早。\n");
        _knowledge.Write("sub/c.txt", "临港的新闻\n临港新片区开放了一座新的图书馆。\n");
    }

    public void Dispose() => _knowledge.Dispose();

    private ServiceProvider Services() => CoreFactory.Services(_knowledge.Path, logs: _logs, configure: s => s.AddSingleton<IKnowledgeFiles>(_disk));

    [Fact]
    public async Task Reload_WhenTheFolderCannotBeListed_KeepsWhatWasLoaded_AndSaysWhy()
    {
        await using var services = Services();
        var store = services.GetRequiredService<IKnowledgeStore>();
        var loaded = await store.LoadAsync();

        _disk.Refuse(_knowledge.Path);
        var reloaded = await store.LoadAsync();

        Assert.Equal(3, loaded.Articles.Count);
        Assert.Equal(loaded.Files, reloaded.Files);
        Assert.Equal(loaded.Articles.Select(a => a.Title), reloaded.Articles.Select(a => a.Title));
        Assert.Equal(3, reloaded.Load.Counts.Kept);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("Access to the path", StringComparison.Ordinal)
                                          && l.Contains("3 files loaded from them before are kept", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_WhenASubFolderCannotBeListed_KeepsItsFiles_AndNamesIt()
    {
        await using var services = Services();
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();

        _disk.Refuse(Path.Combine(_knowledge.Path, "sub"));
        var reloaded = await store.LoadAsync();

        Assert.Equal(["a.txt", "sub/b.txt", "sub/c.txt"], reloaded.Files);
        Assert.Equal("sub", Assert.Single(reloaded.Load.Unreadable).Path);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("sub (Access to the path", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Reload_WhenAChangedFileCannotBeOpened_KeepsWhatItGaveBefore()
    {
        await using var services = Services();
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();

        var b = Path.Combine(_knowledge.Path, "sub", "b.txt");
        File.AppendAllText(b, "又一段。\n");
        File.SetLastWriteTimeUtc(b, File.GetLastWriteTimeUtc(b).AddSeconds(5));
        _disk.Refuse(b);
        var reloaded = await store.LoadAsync();

        Assert.Equal(["a.txt", "sub/b.txt", "sub/c.txt"], reloaded.Files);
        Assert.Contains(reloaded.Articles, a => a.SourcePath == "sub/b.txt" && a.Title == "崇明的新闻");
        Assert.Equal(1, reloaded.Load.Counts.Kept);
    }

    [Fact]
    public async Task Load_WhenASubFolderCannotBeListed_ReportsIt_InsteadOfDroppingItSilently()
    {
        _disk.Refuse(Path.Combine(_knowledge.Path, "sub"));
        await using var services = Services();

        var loaded = await services.GetRequiredService<IKnowledgeStore>().LoadAsync();

        Assert.Equal(["a.txt"], loaded.Files);
        Assert.Equal("sub", Assert.Single(loaded.Load.Unreadable).Path);
        Assert.Contains(_logs.Lines, l => l.StartsWith("Warning", StringComparison.Ordinal) && l.Contains("sub (Access to the path", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("sub/b.txt")]
    [InlineData("sub")]
    public async Task Restart_WhenAFileOrFolderCannotBeRead_KeepsWhatThePersistedIndexHeldOfIt(string refused)
    {
        using var index = new TempFolder();
        var settings = new Dictionary<string, string?> { ["Knowledge:IndexPath"] = index.Path };
        await using (var first = CoreFactory.Services(_knowledge.Path, settings, _logs, configure: s => s.AddSingleton<IKnowledgeFiles>(_disk)))
            await first.GetRequiredService<IKnowledgeStore>().LoadAsync();

        // A new process, the same index folder; the file (or its folder) now refuses to be read.
        _disk.Refuse(Path.Combine(_knowledge.Path, refused));
        await using var second = CoreFactory.Services(_knowledge.Path, settings, _logs, configure: s => s.AddSingleton<IKnowledgeFiles>(_disk));
        var restarted = await second.GetRequiredService<IKnowledgeStore>().LoadAsync();

        Assert.Contains("sub/b.txt", restarted.Files);
        Assert.Contains(restarted.Articles, a => a.SourcePath == "sub/b.txt" && a.Title == "崇明的新闻");
        Assert.True(restarted.Load.Counts.Kept >= 1);
        Assert.True((await second.Answerer().AnswerAsync("崇明岛的候鸟来得早吗？")).Answered);
    }

    [Fact]
    public async Task Reload_AfterFilesWereDeleted_DropsThem()
    {
        await using var services = Services();
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();

        Directory.Delete(Path.Combine(_knowledge.Path, "sub"), recursive: true);
        var reloaded = await store.LoadAsync();

        Assert.Equal(["a.txt"], reloaded.Files);
        Assert.Equal(0, reloaded.Load.Counts.Kept);
    }

    private sealed class RefusingDisk : IKnowledgeFiles
    {
        private readonly KnowledgeFiles _disk = new();
        private readonly ConcurrentDictionary<string, bool> _refused = new(StringComparer.Ordinal);

        public void Refuse(string path) => _refused[Path.TrimEndingDirectorySeparator(Path.GetFullPath(path))] = true;

        public IReadOnlyList<FileSystemInfo> List(DirectoryInfo folder) =>
            IsRefused(folder.FullName) ? throw new UnauthorizedAccessException($"Access to the path '{folder.FullName}' is denied.") : _disk.List(folder);

        public Stream OpenRead(string file) =>
            IsRefused(file) ? throw new UnauthorizedAccessException($"Access to the path '{file}' is denied.") : _disk.OpenRead(file);

        private bool IsRefused(string path) => _refused.ContainsKey(Path.TrimEndingDirectorySeparator(path));
    }
}
