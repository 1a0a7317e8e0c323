namespace Bot.Core.Knowledge;

/// <summary>What a scan of the knowledge source produced.</summary>
/// <param name="Articles">Every article read.</param>
/// <param name="Files">The files that were read.</param>
/// <param name="Skipped">Files that were not read, with the reason.</param>
/// <param name="Warnings">Parts of files that were skipped (e.g. a broken JSONL line).</param>
public sealed record KnowledgeLoadResult(
    IReadOnlyList<Article> Articles,
    IReadOnlyList<string> Files,
    IReadOnlyList<SkippedFile> Skipped,
    IReadOnlyList<string> Warnings)
{
    /// <summary>The SHA-256 of each file read, by its name: what the persisted index compares to skip unchanged files.</summary>
    public IReadOnlyDictionary<string, string> FileHashes { get; init; } = new Dictionary<string, string>();

    /// <summary>
    /// How each file read or skipped after reading looked on disk, by its name: a later load does not open a file whose
    /// stamp is unchanged.
    /// </summary>
    public IReadOnlyDictionary<string, FileStamp> Stamps { get; init; } = new Dictionary<string, FileStamp>();

    /// <summary>The warnings of each file read, by its name (carried over with its articles when the file is unchanged).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> WarningsByFile { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>
    /// Folders and files that could not be read (no permission, an I/O error), with the reason; what was loaded from them
    /// before is kept (counted in <see cref="KnowledgeLoadCounts.Kept"/>). A folder is named relative to the knowledge path, "" for the path itself.
    /// </summary>
    public IReadOnlyList<SkippedFile> Unreadable { get; init; } = [];

    /// <summary>The work the load did.</summary>
    public KnowledgeLoadCounts Counts { get; init; } = new(0, 0, 0, 0, 0);
}
