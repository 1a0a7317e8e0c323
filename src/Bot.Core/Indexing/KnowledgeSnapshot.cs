using Bot.Core.Common;
using Bot.Core.Knowledge;

namespace Bot.Core.Indexing;

/// <summary>
/// Everything loaded at one time: articles, passages and their index. Immutable; a reload builds a new one. Its index
/// is released by reference counting, as Lucene's <c>ReferenceManager</c> does: the store holds one reference while the
/// snapshot is current, each question holds one through a <see cref="SnapshotLease"/>, and the last release closes it.
/// </summary>
public sealed class KnowledgeSnapshot : IDisposable
{
    private readonly ReferenceCount _references = new();
    private readonly KnowledgeLoadResult _load;
    private readonly ArticleCatalog _catalog;
    private readonly IDisposable? _owned;

    /// <summary>Creates a snapshot; <paramref name="owned"/> (an in-memory index directory) is disposed with it.</summary>
    public KnowledgeSnapshot(KnowledgeLoadResult load, Passage[] passages, ArticleCatalog catalog, KnowledgeIndex index, TimeSpan buildTime, IndexChanges changes, IDisposable? owned = null)
    {
        _load = load;
        _catalog = catalog;
        _owned = owned;
        Passages = passages;
        Index = index;
        BuildTime = buildTime;
        Changes = changes;
    }

    /// <summary>An empty snapshot, before anything is loaded.</summary>
    public static KnowledgeSnapshot Empty { get; } = KnowledgeSnapshotFactory.CreateInMemory(new KnowledgeLoadResult([], [], [], []), 200);

    /// <summary>The articles.</summary>
    public IReadOnlyList<Article> Articles => _load.Articles;

    /// <summary>What the load gave (a reload compares with it).</summary>
    public KnowledgeLoadResult Load => _load;

    /// <summary>The files read.</summary>
    public IReadOnlyList<string> Files => _load.Files;

    /// <summary>The files skipped, with the reason.</summary>
    public IReadOnlyList<SkippedFile> Skipped => _load.Skipped;

    /// <summary>Warnings about parts of files.</summary>
    public IReadOnlyList<string> Warnings => _load.Warnings;

    /// <summary>The passages, by ordinal.</summary>
    public IReadOnlyList<Passage> Passages { get; }

    /// <summary>The search index.</summary>
    public KnowledgeIndex Index { get; }

    /// <summary>How long reading, cutting and indexing took.</summary>
    public TimeSpan BuildTime { get; }

    /// <summary>How long each stage of making the snapshot took (cutting, indexing, opening), for the log; empty when not timed.</summary>
    public string Stages { get; init; } = "";

    /// <summary>What changed in the index since the previous state.</summary>
    public IndexChanges Changes { get; }

    /// <summary>The passages of <paramref name="article"/>, in order.</summary>
    public IReadOnlyList<Passage> PassagesOf(Article article) => _catalog.PassagesOf(article);

    /// <summary>True while the index is open (some reference is held).</summary>
    public bool IsOpen => _references.IsHeld;

    /// <summary>Takes a reference unless the snapshot is already closed.</summary>
    internal bool TryRetain() => _references.TryRetain();

    /// <summary>Gives a reference back; the last one closes the index.</summary>
    internal void Release()
    {
        if (!_references.Release())
            return;
        Index.Dispose();
        _owned?.Dispose();
    }

    /// <summary>Gives back the creator's reference (the store's, or a test's own snapshot).</summary>
    public void Dispose() => Release();
}
