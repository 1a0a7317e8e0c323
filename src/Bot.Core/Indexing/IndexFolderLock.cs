namespace Bot.Core.Indexing;

/// <summary>
/// The one writer of an index folder, across processes: an exclusive lock on <c>bot.lock</c> in the folder, held for
/// the writer's life. Lucene.Net's own <c>write.lock</c> does not keep a second process out on Linux (two processes
/// were seen indexing into one folder, each deleting the other's parts); .NET takes <see cref="FileShare.None"/> as an
/// exclusive <c>flock</c> there, which the kernel releases when the process dies, even by kill -9.
/// </summary>
public sealed class IndexFolderLock : IDisposable
{
    /// <summary>The lock file's name.</summary>
    public const string FileName = "bot.lock";

    private readonly FileStream _file;

    private IndexFolderLock(FileStream file) => _file = file;

    /// <summary>Takes the lock of <paramref name="folder"/>, or returns null when another process holds it.</summary>
    public static IndexFolderLock? TryAcquire(string folder)
    {
        try
        {
            var file = new FileStream(Path.Combine(folder, FileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1);
            // Who holds it, for an operator looking at the folder.
            file.SetLength(0);
            using (var writer = new StreamWriter(file, leaveOpen: true))
                writer.Write($"{Environment.ProcessId} {Environment.MachineName} {DateTimeOffset.UtcNow:O}\n");
            file.Flush();
            return new IndexFolderLock(file);
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _file.Dispose();
}
