using Bot.Core.Search;
using Bot.Core.Knowledge;
namespace Bot.Core.Indexing;

/// <summary>A reference to a snapshot, held while one question (or one eval pass) reads it. Dispose to give it back.</summary>
public sealed class SnapshotLease : IDisposable
{
    private int _released;

    internal SnapshotLease(KnowledgeSnapshot snapshot) => Snapshot = snapshot;

    /// <summary>The snapshot, open until this lease is disposed.</summary>
    public KnowledgeSnapshot Snapshot { get; }

    /// <summary>Takes a lease on the newest of <paramref name="current"/>'s snapshots that is still open.</summary>
    public static SnapshotLease On(Func<KnowledgeSnapshot> current)
    {
        while (true)
        {
            // A reload may close the snapshot between reading it and retaining it; then the new one is current.
            var snapshot = current();
            if (snapshot.TryRetain())
                return new SnapshotLease(snapshot);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            Snapshot.Release();
    }
}
