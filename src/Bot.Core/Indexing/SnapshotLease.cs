namespace Bot.Core.Indexing;

/// <summary>A reference to a snapshot, held while one question (or one eval pass) reads it. Dispose to give it back.</summary>
public sealed class SnapshotLease : IDisposable
{
    private int _released;

    internal SnapshotLease(KnowledgeSnapshot snapshot) => Snapshot = snapshot;

    /// <summary>The snapshot, open until this lease is disposed.</summary>
    public KnowledgeSnapshot Snapshot { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _released, 1) == 0)
            Snapshot.Release();
    }
}
