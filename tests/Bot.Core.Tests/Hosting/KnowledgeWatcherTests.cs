using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Hosting;

public sealed class KnowledgeWatcherTests
{
    [Fact]
    public async Task Change_IsLoadedAfterTheConfiguredDebounce_NotBefore()
    {
        // The look at the folder (RescanSeconds) sees the change on the fake clock, with no file events to wait for.
        using var knowledge = new TempFolder();
        knowledge.Write("a.txt", "甲标题\n甲文章说的是青浦区的新桥。\n");
        var time = new FakeTimeProvider();
        var loads = new CountingStore();
        await using var services = CoreFactory.Services(knowledge.Path, new Dictionary<string, string?>
        {
            ["Knowledge:Watch"] = "false",
            ["Knowledge:RescanSeconds"] = "15",
            ["Knowledge:DebounceMilliseconds"] = "60000",
        }, time: time, configure: s => s.AddSingleton<IKnowledgeStore>(sp => loads.Over(sp.GetRequiredService<KnowledgeStore>())));
        var watcher = services.GetServices<IHostedService>().OfType<KnowledgeWatcher>().Single();
        await watcher.StartAsync(default);

        knowledge.Write("b.txt", "乙标题\n乙文章说的是临港的新片区。\n");
        // Seen at the look at 15 s; a reload is started by the timer's callback, within Advance.
        time.Advance(TimeSpan.FromSeconds(15));
        time.Advance(TimeSpan.FromSeconds(59));
        var beforeTheDebounce = loads.Count;
        time.Advance(TimeSpan.FromSeconds(1));
        var afterIt = loads.Count;
        await watcher.StopAsync(default);

        Assert.Equal(0, beforeTheDebounce);
        Assert.Equal(1, afterIt);
        Assert.Equal(2, services.GetRequiredService<KnowledgeStore>().Current.Articles.Count);
    }

    [Theory]
    [InlineData("-1")]
    [InlineData("60001")]
    public void DebounceMilliseconds_OutOfRange_IsRefusedNamingTheKey(string value)
    {
        using var services = CoreFactory.Services(RepoPaths.SeedKnowledge, new Dictionary<string, string?> { ["Knowledge:DebounceMilliseconds"] = value });

        var e = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<KnowledgeOptions>>().Value);

        Assert.Contains("Knowledge:DebounceMilliseconds must be between 0 and 60000", e.Message, StringComparison.Ordinal);
    }

    // Counts the loads asked for, at the moment they are asked.
    private sealed class CountingStore
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        public IKnowledgeStore Over(KnowledgeStore store) => new Counting(this, store);

        private sealed class Counting(CountingStore owner, KnowledgeStore inner) : IKnowledgeStore
        {
            public KnowledgeSnapshot Current => inner.Current;

            public bool IsLoaded => inner.IsLoaded;

            public event Action<KnowledgeSnapshot>? Reloaded
            {
                add => inner.Reloaded += value;
                remove => inner.Reloaded -= value;
            }

            public SnapshotLease Acquire() => inner.Acquire();

            public Task<KnowledgeSnapshot> LoadAsync(CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref owner._count);
                return inner.LoadAsync(cancellationToken);
            }
        }
    }
}
