using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Bot.Core.Indexing;

/// <summary>
/// Finds a damaged persisted index at open, and moves it aside so that it can be rebuilt: a truncated or zero-filled
/// file must not stop every start (under systemd's <c>Restart=on-failure</c> that is a crash loop).
/// </summary>
public static class IndexIntegrity
{
    /// <summary>
    /// Reads every file of the last commit through its checksum (Lucene's <c>CheckIntegrity</c>: one sequential read per
    /// file, no decoding), so that damage anywhere is found now, not by a question later. Throws when damaged.
    /// </summary>
    public static void Check(IndexWriter writer)
    {
        if (!DirectoryReader.IndexExists(writer.Directory))
            return;
        using var reader = DirectoryReader.Open(writer.Directory);
        foreach (var leaf in reader.Leaves)
            leaf.AtomicReader.CheckIntegrity();
    }

    /// <summary>True for what opening or checking a damaged index raises (as opposed to a lock held, or no permission).</summary>
    public static bool IsDamage(Exception e) => e is not (LockObtainFailedException or UnauthorizedAccessException or OperationCanceledException or OutOfMemoryException)
        && e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or EndOfStreamException or IOException
            or InvalidOperationException or ArgumentException or IndexOutOfRangeException or FormatException or OverflowException;

    /// <summary>Closes a writer over a damaged index without committing; what closing raises is of no more use.</summary>
    public static void Abandon(IndexWriter? writer)
    {
        if (writer is null)
            return;
        try
        {
            writer.Rollback();
        }
        catch (Exception e) when (IsDamage(e))
        {
        }
    }

    /// <summary>
    /// Moves the index files of <paramref name="folder"/> (all but the lock, the article cache and earlier broken indexes)
    /// into <c>broken-&lt;time&gt;/</c> in it, for an operator to look at or delete; returns that folder.
    /// </summary>
    public static string MoveAside(string folder, DateTimeOffset now)
    {
        var aside = Path.Combine(folder, $"broken-{now:yyyyMMdd-HHmmss}");
        System.IO.Directory.CreateDirectory(aside);
        foreach (var file in System.IO.Directory.EnumerateFiles(folder))
        {
            var name = Path.GetFileName(file);
            if (name is IndexFolderLock.FileName)
                continue;
            File.Move(file, Path.Combine(aside, name), overwrite: true);
        }
        var parts = Path.Combine(folder, "parts");
        if (System.IO.Directory.Exists(parts))
            System.IO.Directory.Move(parts, Path.Combine(aside, "parts"));
        return aside;
    }
}
