using System.Text;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Tests;

// Reloads are driven into the upload's steps through its seams (the readers it validates with, the store it reloads),
// not by timing: one between staging and saving, one beside the upload's own reload.
public sealed class KnowledgeUploadRaceTests
{
    private const int Uploads = 10;

    [Fact]
    public async Task Uploads_WithReloadsBetweenStagingAndSaving_AreEachInTheFolderAndTheIndex_WhenConfirmed()
    {
        using var knowledge = new TempFolder();
        knowledge.Write("seed.txt", "上海的新闻\n今天上海下了雨。\n");
        IKnowledgeStore? inner = null;
        var reader = new ReloadingReader(new PlainTextReader(), () => inner!.LoadAsync().GetAwaiter().GetResult());
        await using var services = CoreFactory.Services(knowledge.Path, configure: s =>
        {
            s.RemoveAll<IKnowledgeReader>();
            s.AddSingleton<IKnowledgeReader>(reader);
        });
        inner = services.GetRequiredService<IKnowledgeStore>();
        await inner.LoadAsync();
        var store = new ReloadingStore(inner);
        var upload = new KnowledgeUpload(store, services.GetRequiredService<KnowledgeLoader>(), services.GetRequiredService<IOptions<KnowledgeOptions>>(),
            TextCatalog.Default, NullLogger<KnowledgeUpload>.Instance);
        await using var api = await FakeBotApiServer.StartAsync();
        var bot = new TelegramBotClient(new TelegramBotClientOptions("123456:TEST-token", api.BaseUrl));

        // Two chats at once, and names that clash: every upload takes a name of its own.
        var documents = Enumerable.Range(0, Uploads).Select(i =>
        {
            var content = Encoding.UTF8.GetBytes($"第{i}号新闻\n编号{i}的文章讲的是第{i}座新桥。\n");
            var id = api.EnqueueDocument(77, i % 2 == 0 ? "news.txt" : $"news{i}.txt", content);
            return new Document { FileId = $"doc-{id}", FileUniqueId = $"udoc-{id}", FileName = i % 2 == 0 ? "news.txt" : $"news{i}.txt", FileSize = content.Length };
        }).ToList();
        reader.Arm();
        var replies = await Task.WhenAll(documents.Select(d => Task.Run(() => upload.AddAsync(bot, d, "zh", CancellationToken.None))));

        Assert.True(reader.Reloads > 0);
        Assert.True(store.Reloads > 0);
        Assert.All(replies, r => Assert.StartsWith("已添加 ", r, StringComparison.Ordinal));
        var saved = replies.Select(r => r["已添加 ".Length..r.IndexOf('，', StringComparison.Ordinal)]).ToList();
        Assert.Equal(Uploads, saved.Distinct().Count());
        var current = inner.Current;
        Assert.All(saved, name =>
        {
            Assert.True(File.Exists(Path.Combine(knowledge.Path, name)), name);
            Assert.Contains(name, current.Files);
        });
        var titles = current.Articles.Select(a => a.Title).ToHashSet();
        Assert.All(Enumerable.Range(0, Uploads), i => Assert.Contains($"第{i}号新闻", titles));
        Assert.Empty(Directory.GetFiles(knowledge.Path, "*.part"));
    }

    [Fact]
    public async Task TwoUploadsOfOneName_MovingAtOnce_AreBothKept_UnderNamesOfTheirOwn()
    {
        using var knowledge = new TempFolder();
        knowledge.Write("seed.txt", "上海的新闻\n今天上海下了雨。\n");
        await using var services = CoreFactory.Services(knowledge.Path);
        var store = services.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();
        var files = new PausingFiles(knowledge.Path);
        var upload = new KnowledgeUpload(store, services.GetRequiredService<KnowledgeLoader>(), services.GetRequiredService<IOptions<KnowledgeOptions>>(),
            TextCatalog.Default, NullLogger<KnowledgeUpload>.Instance, files);
        await using var api = await FakeBotApiServer.StartAsync();
        var bot = new TelegramBotClient(new TelegramBotClientOptions("123456:TEST-token", api.BaseUrl));
        var documents = Enumerable.Range(0, 2).Select(i =>
        {
            var content = Encoding.UTF8.GetBytes($"第{i}号新闻\n编号{i}的文章讲的是第{i}座新桥。\n");
            var id = api.EnqueueDocument(77 + i, "news.txt", content);
            return new Document { FileId = $"doc-{id}", FileUniqueId = $"udoc-{id}", FileName = "news.txt", FileSize = content.Length };
        }).ToList();

        var replies = await Task.WhenAll(documents.Select((d, i) => Task.Run(() =>
        {
            files.Who.Value = i + 1;
            return upload.AddAsync(bot, d, "zh", CancellationToken.None);
        })));

        Assert.True(files.Paused);
        Assert.All(replies, r => Assert.StartsWith("已添加 ", r, StringComparison.Ordinal));
        var saved = replies.Select(r => r["已添加 ".Length..r.IndexOf('，', StringComparison.Ordinal)]).ToList();
        Assert.Equal(2, saved.Distinct().Count());
        var texts = saved.Select(name => File.ReadAllText(Path.Combine(knowledge.Path, name))).ToList();
        Assert.Contains(texts, t => t.StartsWith("第0号新闻", StringComparison.Ordinal));
        Assert.Contains(texts, t => t.StartsWith("第1号新闻", StringComparison.Ordinal));
        var titles = store.Current.Articles.Select(a => a.Title).ToHashSet();
        Assert.Contains("第0号新闻", titles);
        Assert.Contains("第1号新闻", titles);
    }

    // File.Move as it is on Unix without overwrite: the target is looked at, then renamed onto. The first upload to move a
    // file onto a knowledge name stops between the two until the other upload has finished a move of its own.
    private sealed class PausingFiles(string folder) : IUploadFiles
    {
        private readonly Lock _lock = new();
        private readonly HashSet<int> _moved = [];
        private readonly SemaphoreSlim _anotherMoved = new(0);
        private int _paused;

        public AsyncLocal<int> Who { get; } = new();

        public bool Paused => Volatile.Read(ref _paused) != 0;

        public bool Exists(string path) => File.Exists(path);

        public void Move(string from, string to, bool overwrite)
        {
            if (!overwrite && File.Exists(to))
                throw new IOException($"{to} exists");
            var me = Who.Value;
            var named = Path.GetDirectoryName(to) == folder && !Path.GetFileName(to).StartsWith('.');
            if (named && Interlocked.CompareExchange(ref _paused, me, 0) == 0)
            {
                while (true)
                {
                    lock (_lock)
                    {
                        if (_moved.Any(w => w != me))
                            break;
                    }
                    if (!_anotherMoved.Wait(TimeSpan.FromSeconds(30)))
                        throw new TimeoutException("The other upload never moved a file.");
                }
            }
            File.Move(from, to, overwrite: true);
            lock (_lock)
                _moved.Add(me);
            _anotherMoved.Release();
        }
    }

    // Once armed, each read of a staged download (a file not yet in the knowledge folder) first runs a whole reload.
    private sealed class ReloadingReader(IKnowledgeReader inner, Action reload) : IKnowledgeReader
    {
        private volatile bool _armed;
        private int _reloads;
        private readonly AsyncLocal<bool> _inReload = new();

        public int Reloads => Volatile.Read(ref _reloads);

        public void Arm() => _armed = true;

        public bool CanRead(string path) => inner.CanRead(path);

        public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
        {
            if (_armed && !_inReload.Value && stream is FileStream file && !file.Name.Contains("/seed.txt", StringComparison.Ordinal) && IsStaged(file.Name))
            {
                _inReload.Value = true;
                try
                {
                    reload();
                    Interlocked.Increment(ref _reloads);
                }
                finally
                {
                    _inReload.Value = false;
                }
            }
            return inner.Read(stream, sourcePath, warn, cancellationToken);
        }

        private static bool IsStaged(string path) => Path.GetFileName(Path.GetDirectoryName(path) ?? "").StartsWith("bot-upload-", StringComparison.Ordinal);
    }

    // Each reload the upload asks for has another reload started beside it.
    private sealed class ReloadingStore(IKnowledgeStore inner) : IKnowledgeStore
    {
        private int _reloads;

        public int Reloads => Volatile.Read(ref _reloads);

        public KnowledgeSnapshot Current => inner.Current;

        public bool IsLoaded => inner.IsLoaded;

        public event Action<KnowledgeSnapshot>? Reloaded
        {
            add => inner.Reloaded += value;
            remove => inner.Reloaded -= value;
        }

        public SnapshotLease Acquire() => inner.Acquire();

        public async Task<KnowledgeSnapshot> LoadAsync(CancellationToken cancellationToken = default)
        {
            var beside = Task.Run(() => inner.LoadAsync(cancellationToken), cancellationToken);
            var mine = await inner.LoadAsync(cancellationToken);
            await beside;
            Interlocked.Increment(ref _reloads);
            return mine;
        }
    }
}
