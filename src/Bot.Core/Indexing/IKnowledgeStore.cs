namespace Bot.Core.Indexing;

/// <summary>The knowledge the bot answers from: the current snapshot, replaced whole when knowledge is (re)loaded.</summary>
public interface IKnowledgeStore
{
    /// <summary>
    /// The current snapshot, for its articles, files and counts. Searching its index takes a lease
    /// (<see cref="Acquire"/>): a reload may close a snapshot nobody holds.
    /// </summary>
    KnowledgeSnapshot Current { get; }

    /// <summary>
    /// The current snapshot, held open until the lease is disposed: questions use it whole, even while a reload makes
    /// the next one current.
    /// </summary>
    SnapshotLease Acquire();

    /// <summary>True once the first load has finished.</summary>
    bool IsLoaded { get; }

    /// <summary>Raised after a new snapshot is made current.</summary>
    event Action<KnowledgeSnapshot>? Reloaded;

    /// <summary>Loads the configured knowledge and makes it current (incrementally, when the index is persisted).</summary>
    Task<KnowledgeSnapshot> LoadAsync(CancellationToken cancellationToken = default);
}
