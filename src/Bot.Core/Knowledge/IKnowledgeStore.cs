namespace Bot.Core.Knowledge;

/// <summary>The knowledge the bot answers from: the current snapshot, replaced whole when knowledge is (re)loaded.</summary>
public interface IKnowledgeStore
{
    /// <summary>The current snapshot; questions use it whole, even while a reload builds the next one.</summary>
    KnowledgeSnapshot Current { get; }

    /// <summary>True once the first load has finished.</summary>
    bool IsLoaded { get; }

    /// <summary>Raised after a new snapshot is made current.</summary>
    event Action<KnowledgeSnapshot>? Reloaded;

    /// <summary>Loads the configured knowledge and makes it current (incrementally, when the index is persisted).</summary>
    Task<KnowledgeSnapshot> LoadAsync(CancellationToken cancellationToken = default);
}
