using System.Text;
using Bot.Core.Answering;
using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Indexing;

public sealed class KnowledgeStoreTests : IDisposable
{
    private readonly TempFolder _knowledge = new();
    private readonly TempFolder _index = new();

    public void Dispose()
    {
        _knowledge.Dispose();
        _index.Dispose();
    }

    private ServiceProvider Services(int passageChars = 200) => CoreFactory.Services(_knowledge.Path, new Dictionary<string, string?>
    {
        ["Knowledge:IndexPath"] = _index.Path,
        ["Knowledge:PassageChars"] = passageChars.ToString(),
    });

    private static async Task<KnowledgeSnapshot> LoadAsync(ServiceProvider services) => await services.GetRequiredService<IKnowledgeStore>().LoadAsync();

    private static bool Finds(KnowledgeSnapshot snapshot, string words) =>
        snapshot.Index.SearchPassages(QuestionAnalyzer.Analyze(words), 3).Any(h => h.Passage.Text.Contains(words));

    [Fact]
    public async Task Load_SecondStart_ReusesTheIndexForUnchangedFiles()
    {
        _knowledge.Write("a.txt", "甲标题\n副题\n甲文章说的是青浦区的新桥。");
        _knowledge.Write("b.jsonl", "{\"id\":\"b1\",\"title\":\"乙\",\"text\":\"乙文章说的是崇明区的候鸟。\"}\n");

        await using (var first = Services())
        {
            var snapshot = await LoadAsync(first);
            Assert.True(snapshot.Changes.Rebuilt);
            Assert.Equal(["a.txt", "b.jsonl"], snapshot.Changes.Added);
        }

        await using var second = Services();
        var reopened = await LoadAsync(second);

        Assert.False(reopened.Changes.Rebuilt);
        Assert.True(reopened.Changes.IsEmpty);
        Assert.Equal(2, reopened.Changes.Unchanged);
        Assert.True(Finds(reopened, "崇明区的候鸟"));
        // One document an article and one a passage: nothing indexed twice, nothing left out.
        Assert.Equal(2, reopened.Articles.Count);
        Assert.Equal(reopened.Articles.Count + reopened.Passages.Count, reopened.Index.DocumentCount);
    }

    [Fact]
    public async Task Load_SecondStart_ReadsTheArticlesKeptBesideTheIndex()
    {
        _knowledge.Write("a.txt", "甲标题\n副题\n甲文章说的是青浦区的新桥。");
        await using (var first = Services())
            await LoadAsync(first);
        var entry = Assert.Single(Directory.GetFiles(Path.Combine(_index.Path, "articles")));
        // An entry is trusted for its file's name and content: what it holds is what the next start serves.
        var kept = File.ReadAllBytes(entry);
        var at = IndexOf(kept, Encoding.UTF8.GetBytes("青浦区的新桥"));
        Encoding.UTF8.GetBytes("嘉定区的新桥").CopyTo(kept, at);
        File.WriteAllBytes(entry, kept);

        await using var second = Services();
        var reopened = await LoadAsync(second);

        Assert.Contains("嘉定区的新桥", Assert.Single(reopened.Articles).Body);
    }

    private static int IndexOf(byte[] bytes, byte[] part) =>
        Enumerable.Range(0, bytes.Length - part.Length + 1).First(i => bytes.AsSpan(i, part.Length).SequenceEqual(part));

    [Fact]
    public async Task Load_AddChangeDelete_AppliesExactlyThoseFiles()
    {
        _knowledge.Write("keep.txt", "留下的文章\n副题\n这篇文章讲的是南汇的桃花。");
        var change = _knowledge.Write("change.txt", "会改的文章\n副题\n这篇文章原来讲的是松江的大学城。");
        var delete = _knowledge.Write("delete.txt", "会删的文章\n副题\n这篇文章讲的是奉贤的海湾。");
        await using var services = Services();
        await LoadAsync(services);

        File.WriteAllText(change, "会改的文章\n副题\n这篇文章现在讲的是嘉定的汽车城。");
        File.Delete(delete);
        _knowledge.Write("add.txt", "新加的文章\n副题\n这篇文章讲的是金山的城市沙滩。");
        var snapshot = await LoadAsync(services);

        Assert.Equal(["add.txt"], snapshot.Changes.Added);
        Assert.Equal(["change.txt"], snapshot.Changes.Changed);
        Assert.Equal(["delete.txt"], snapshot.Changes.Deleted);
        Assert.Equal(1, snapshot.Changes.Unchanged);
        Assert.True(Finds(snapshot, "嘉定的汽车城"));
        Assert.True(Finds(snapshot, "金山的城市沙滩"));
        Assert.True(Finds(snapshot, "南汇的桃花"));
        Assert.False(Finds(snapshot, "松江的大学城"));
        Assert.False(Finds(snapshot, "奉贤的海湾"));
        Assert.Equal(3, snapshot.Articles.Count);
        Assert.Equal(snapshot.Articles.Count + snapshot.Passages.Count, snapshot.Index.DocumentCount);
    }

    [Fact]
    public async Task Load_OtherPassageSize_RebuildsTheIndex()
    {
        _knowledge.Write("a.txt", "甲标题\n副题\n甲文章说的是青浦区的新桥。");
        await using (var first = Services(200))
            await LoadAsync(first);

        await using var second = Services(300);
        var snapshot = await LoadAsync(second);

        Assert.True(snapshot.Changes.Rebuilt);
        Assert.True(Finds(snapshot, "青浦区的新桥"));
    }

    [Fact]
    public async Task Load_DuringQuestions_EveryAnswerComesFromACompleteSnapshot()
    {
        var file = _knowledge.Write("a.txt", "版本标题\n副题\n本文的版本号是第一版。");
        await using var services = Services();
        await LoadAsync(services);
        var answerer = services.Answerer();
        using var stop = new CancellationTokenSource();

        var asking = Task.Run(async () =>
        {
            var answers = new List<Answer>();
            while (!stop.IsCancellationRequested)
                answers.Add(await answerer.AnswerAsync("本文的版本号是什么？"));
            return answers;
        });
        for (var i = 2; i <= 6; i++)
        {
            File.WriteAllText(file, $"版本标题\n副题\n本文的版本号是第{i}版。");
            await LoadAsync(services);
        }
        await stop.CancelAsync();
        var all = await asking;

        Assert.NotEmpty(all);
        Assert.All(all, a => Assert.Matches("本文的版本号是第.版", a.Text));
        Assert.Contains("第6版", (await answerer.AnswerAsync("本文的版本号是什么？")).Text);
    }

    [Fact]
    public async Task Watcher_NewFileInTheFolder_IsLoadedWithoutARestart()
    {
        var time = new FakeTimeProvider();
        var (services, store, watcher) = await WatchedAsync(time);
        await using var _ = services;
        var reloaded = new TaskCompletionSource<KnowledgeSnapshot>(TaskCreationOptions.RunContinuationsAsynchronously);
        store.Reloaded += s =>
        {
            if (s.Articles.Count == 2)
                reloaded.TrySetResult(s);
        };
        await watcher.StartAsync(default);

        // An editor's way of saving: write a temporary file, then rename it.
        var temp = _knowledge.Write(".new.txt.tmp", "新标题\n副题\n新文章说的是临港的新片区。");
        File.Move(temp, Path.Combine(_knowledge.Path, "new.txt"));
        // The debounce waits on the clock: it is moved on until the change has been seen and the folder is quiet.
        await time.AdvanceUntilAsync(new Bot.Core.Options.KnowledgeOptions().Debounce, () => reloaded.Task.IsCompleted);
        await watcher.StopAsync(default);

        // The rename may cause a second reload: what counts is what is current, read under a lease.
        using var lease = store.Acquire();
        Assert.Equal(2, lease.Snapshot.Articles.Count);
        Assert.True(Finds(lease.Snapshot, "临港的新片区"));
        Assert.Empty(lease.Snapshot.Skipped);
    }

    [Fact]
    public async Task Watcher_StoppedDuringAReload_WaitsForItToFinish()
    {
        var time = new FakeTimeProvider();
        var logs = new ListLoggerProvider();
        var (services, store, watcher) = await WatchedAsync(time, logs);
        await using var _ = services;
        await watcher.StartAsync(default);

        _knowledge.Write("many.jsonl", SyntheticNews.Jsonl(3000));
        // "Read … articles" is logged when the files are read, before the (longer) indexing.
        await time.AdvanceUntilAsync(new Bot.Core.Options.KnowledgeOptions().Debounce, () => logs.Lines.Any(l => l.Contains("Read 3001 articles")));
        await watcher.StopAsync(default);

        Assert.Equal(3001, store.Current.Articles.Count);
    }

    [Fact]
    public async Task Rescan_FileChangedWithoutAnEvent_IsLoadedAtTheNextLook_AndAnUnchangedFolderIsNotReloaded()
    {
        // A shared volume raises no file events for another machine's writes: with the watcher off, only the look sees it.
        var time = new FakeTimeProvider();
        var (services, store, watcher) = await WatchedAsync(time, watch: false, rescanSeconds: 15);
        await using var _ = services;
        var reloads = 0;
        store.Reloaded += _ => Interlocked.Increment(ref reloads);
        await watcher.StartAsync(default);

        time.Advance(TimeSpan.FromSeconds(16));
        time.Advance(new Bot.Core.Options.KnowledgeOptions().Debounce);
        // The fake clock runs the look and the debounce inline; stopping waits for a reload they started, so one would be counted by now.
        await watcher.StopAsync(default);
        Assert.Equal(0, Volatile.Read(ref reloads));

        watcher = ActivatorUtilities.CreateInstance<KnowledgeWatcher>(services);
        await watcher.StartAsync(default);
        _knowledge.Write("b.txt", "乙标题\n副题\n乙文章说的是临港的新片区。");
        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => store.Current.Articles.Count == 2);
        await watcher.StopAsync(default);

        Assert.Equal(2, store.Current.Articles.Count);
    }

    // The knowledge folder with one article, loaded into a persisted index, and its watcher (not started) on the fake clock.
    private async Task<(ServiceProvider Services, IKnowledgeStore Store, KnowledgeWatcher Watcher)> WatchedAsync(FakeTimeProvider time, ListLoggerProvider? logs = null,
        bool watch = true, int rescanSeconds = 0)
    {
        _knowledge.Write("a.txt", "甲标题\n副题\n甲文章说的是青浦区的新桥。");
        var services = CoreFactory.Services(_knowledge.Path, new Dictionary<string, string?>
        {
            ["Knowledge:IndexPath"] = _index.Path,
            ["Knowledge:Watch"] = watch ? "true" : "false",
            ["Knowledge:RescanSeconds"] = rescanSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        }, logs, time);
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();
        return (services, store, services.GetServices<IHostedService>().OfType<KnowledgeWatcher>().Single());
    }
}
