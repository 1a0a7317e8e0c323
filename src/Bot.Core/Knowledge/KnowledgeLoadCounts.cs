namespace Bot.Core.Knowledge;

/// <summary>The work one load did, by file.</summary>
/// <param name="Parsed">Files read and parsed by a reader.</param>
/// <param name="FromCache">Files read (to hash them) whose articles came from the article cache.</param>
/// <param name="Unchanged">Files not opened at all: same size and write time as at the previous load.</param>
/// <param name="Kept">Files that could not be read now (permissions, I/O errors) whose previously loaded articles were kept.</param>
/// <param name="Skipped">Files not loaded (unsupported, empty, too large, no text, unreadable and never loaded).</param>
public sealed record KnowledgeLoadCounts(int Parsed, int FromCache, int Unchanged, int Kept, int Skipped)
{
    /// <inheritdoc />
    public override string ToString() => $"{Parsed} parsed, {FromCache} from the cache, {Unchanged} unchanged, {Kept} kept, {Skipped} skipped";
}
