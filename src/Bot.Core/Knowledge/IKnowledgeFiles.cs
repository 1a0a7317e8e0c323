namespace Bot.Core.Knowledge;

/// <summary>
/// How the knowledge loader reaches the disk: listing a folder and opening a file. Both throw
/// <see cref="UnauthorizedAccessException"/> or <see cref="IOException"/> when the disk refuses; the loader then keeps
/// what it had loaded from there. A seam, so that a refusal can be tested where permissions cannot make one (as root).
/// </summary>
public interface IKnowledgeFiles
{
    /// <summary>The entries directly in <paramref name="folder"/>, hidden ones and links included.</summary>
    IReadOnlyList<FileSystemInfo> List(DirectoryInfo folder);

    /// <summary>Opens <paramref name="file"/> for reading (others may write it meanwhile).</summary>
    Stream OpenRead(string file);
}

/// <summary>The disk itself.</summary>
public sealed class KnowledgeFiles : IKnowledgeFiles
{
    // Inaccessible entries are not ignored: a folder the bot cannot read is reported, and what it held is kept.
    private static readonly EnumerationOptions Everything = new() { IgnoreInaccessible = false, RecurseSubdirectories = false, AttributesToSkip = 0 };

    /// <inheritdoc />
    public IReadOnlyList<FileSystemInfo> List(DirectoryInfo folder) => folder.EnumerateFileSystemInfos("*", Everything).ToList();

    /// <inheritdoc />
    public Stream OpenRead(string file) => new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
}
