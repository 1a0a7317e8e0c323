using Bot.Core.Indexing;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

public sealed class SnapshotLeaseTests
{
    [Fact]
    public async Task Reload_SnapshotHeldByAQuestion_StaysOpenUntilTheLeaseIsReleased()
    {
        await using var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge);
        var store = services.GetRequiredService<IKnowledgeStore>();
        var lease = store.Acquire();
        var held = lease.Snapshot;

        await store.LoadAsync();

        Assert.NotSame(held, store.Current);
        Assert.True(held.IsOpen);
        Assert.NotEmpty(held.Index.SearchPassages(Bot.Core.Search.QuestionAnalyzer.Analyze("华为青浦研发中心"), 1));
        lease.Dispose();
        Assert.False(held.IsOpen);
        lease.Dispose();
        Assert.True(store.Current.IsOpen);
    }

    [Fact]
    public async Task Reload_SnapshotNobodyHolds_IsClosedAtOnce()
    {
        await using var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge);
        var store = services.GetRequiredService<IKnowledgeStore>();
        var previous = store.Current;

        await store.LoadAsync();

        Assert.False(previous.IsOpen);
        using var lease = store.Acquire();
        Assert.Same(store.Current, lease.Snapshot);
    }

    [Fact]
    public async Task Acquire_AfterTheStoreIsDisposed_GivesTheEmptySnapshotAtOnce()
    {
        var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge);
        var store = services.GetRequiredService<IKnowledgeStore>();
        await services.DisposeAsync();

        var acquiring = Task.Run(store.Acquire);

        using var lease = await acquiring.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Empty(lease.Snapshot.Articles);
    }
}
