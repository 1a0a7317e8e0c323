using System.Buffers.Binary;
using System.IO.Hashing;
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
    /// Reads every file of the last commit through its checksum, so that damage anywhere is found now, not by a question
    /// later. Throws when damaged. Each file this Lucene version writes ends with a footer holding the CRC-32 of all
    /// bytes before it; the files are read side by side on every core and hashed with <see cref="Crc32"/> (vectorised),
    /// where Lucene's own <c>CheckIntegrity</c> read them one by one through a managed CRC-32: 5 GB at 1,000,000
    /// articles (docs/benchmarks.md). When a file has no footer (cut, zero-filled, or of another format), Lucene's own
    /// check is run instead and says what is wrong.
    /// </summary>
    public static void Check(IndexWriter writer)
    {
        var directory = writer.Directory;
        if (!DirectoryReader.IndexExists(directory))
            return;
        if (directory is FSDirectory fs)
        {
            var paths = CommitFiles(directory).Select(f => Path.Combine(fs.Directory.FullName, f)).ToList();
            if (paths.All(HasFooter))
            {
                VerifyFooters(paths);
                return;
            }
        }
        using var reader = DirectoryReader.Open(directory);
        foreach (var leaf in reader.Leaves)
            leaf.AtomicReader.CheckIntegrity();
    }

    private const int FooterLength = 16;

    // Lucene's CodecUtil.FOOTER_MAGIC: the footer is the magic, an algorithm id (0: CRC-32), then the checksum as a long,
    // big-endian; the checksum covers every byte before it, the magic and the id included.
    private const int FooterMagic = ~0x3fd76c17;

    // The largest files first, so that no core is left with a large one at the end.
    private static void VerifyFooters(List<string> paths)
    {
        try
        {
            Parallel.ForEach(paths.OrderByDescending(p => new FileInfo(p).Length), new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount }, VerifyFooter);
        }
        catch (AggregateException e)
        {
            // What a file's check raised, as the caller tells damage by its type (IsDamage).
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private static ICollection<string> CommitFiles(Lucene.Net.Store.Directory directory)
    {
        var infos = new SegmentInfos();
        infos.Read(directory);
        return infos.GetFiles(directory, includeSegmentsFile: true);
    }

    private static bool HasFooter(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1);
        if (file.Length < FooterLength)
            return false;
        Span<byte> footer = stackalloc byte[8];
        file.Seek(-FooterLength, SeekOrigin.End);
        file.ReadExactly(footer);
        return BinaryPrimitives.ReadInt32BigEndian(footer) == FooterMagic && BinaryPrimitives.ReadInt32BigEndian(footer[4..]) == 0;
    }

    private static void VerifyFooter(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.SequentialScan);
        var covered = file.Length - 8;
        var crc = new Crc32();
        var buffer = System.Buffers.ArrayPool<byte>.Shared.Rent(1 << 20);
        try
        {
            for (long read = 0; read < covered;)
            {
                var n = file.Read(buffer, 0, (int)Math.Min(buffer.Length, covered - read));
                if (n == 0)
                    throw new EndOfStreamException($"{Path.GetFileName(path)} ended before its checksum");
                crc.Append(buffer.AsSpan(0, n));
                read += n;
            }
            file.ReadExactly(buffer, 0, 8);
            var stored = BinaryPrimitives.ReadInt64BigEndian(buffer);
            var actual = crc.GetCurrentHashAsUInt32();
            if (stored != actual)
                throw new CorruptIndexException($"checksum failed in {Path.GetFileName(path)}: expected={stored:x} actual={actual:x}");
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
        }
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
