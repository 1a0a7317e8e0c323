namespace Bot.Core.Indexing;

/// <summary>What an index update did, by file.</summary>
/// <param name="Added">Files indexed for the first time.</param>
/// <param name="Changed">Files whose content changed and were indexed again.</param>
/// <param name="Deleted">Files gone from the knowledge, removed from the index.</param>
/// <param name="Unchanged">Files whose index entries were reused as they were.</param>
/// <param name="Rebuilt">True when the whole index was rebuilt (new, or built with another analysis or format).</param>
public sealed record IndexChanges(IReadOnlyList<string> Added, IReadOnlyList<string> Changed, IReadOnlyList<string> Deleted, int Unchanged, bool Rebuilt)
{
    /// <summary>True when nothing changed.</summary>
    public bool IsEmpty => Added.Count == 0 && Changed.Count == 0 && Deleted.Count == 0;

    /// <inheritdoc />
    public override string ToString() =>
        $"{Added.Count} added, {Changed.Count} changed, {Deleted.Count} deleted, {Unchanged} unchanged{(Rebuilt ? " (index rebuilt)" : "")}";
}
