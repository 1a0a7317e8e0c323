using System.IO.Hashing;
using Microsoft.Win32.SafeHandles;
using System.Text;
using Bot.Core.Common;
using Bot.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Indexing;

/// <summary>
/// Where the paragraphs of each article of one article-cache entry stand in it: an article's text is read from there when
/// something asks for it, not held in memory (at 300,000 articles the text was about half of the serving heap). The
/// entry's size and write time are those it had when it was read or written, so an entry changed, cut or deleted under a
/// loaded snapshot is noticed at the first read after; the articles are then read again from their knowledge file (when its content is still the one loaded) and the
/// entry rewritten, or, when that cannot be done, held in memory: nothing loaded is lost.
/// </summary>
internal sealed class ArticleTextFile
{
    private readonly ArticleTexts _texts;
    private readonly Func<IReadOnlyList<Article>?> _recover;
    private readonly object _recovering = new();
    private readonly bool _readOnly;
    // Each article's count of paragraphs, which a kept cut is checked against.
    private readonly int[] _paragraphs;
    private volatile Layout _layout;

    /// <summary>How many articles the entry holds.</summary>
    public int Count => _layout.Offsets.Length;

    /// <summary>The articles of an entry at <paramref name="path"/>: block i at <paramref name="offsets"/>[i].</summary>
    public ArticleTextFile(string path, FileStamp stamp, long[] offsets, int[] lengths, int[] paragraphs, ArticleTexts texts,
        Func<IReadOnlyList<Article>?> recover, bool readOnly = false)
    {
        _readOnly = readOnly;
        _paragraphs = paragraphs;
        _layout = new Layout(path, stamp, offsets, lengths, null);
        _texts = texts;
        _recover = recover;
    }

    /// <summary>The cache the entry's texts are read through.</summary>
    public ArticleTexts Texts => _texts;

    /// <summary>The paragraphs of article <paramref name="number"/> of the entry (<paramref name="count"/> of them).</summary>
    public string[] Read(int number, int count)
    {
        var layout = _layout;
        if (layout.InMemory is { } held)
            return held[number];
        try
        {
            return Read(layout, number, count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            lock (_recovering)
            {
                // Another reader may have recovered it meanwhile.
                if (!ReferenceEquals(layout, _layout))
                    return Read(number, count);
                _texts.Logger.LogWarning("The stored text of {Entry} is unreadable ({Error}); reading its knowledge file again",
                    LogText.Safe(Path.GetFileName(layout.Path)), LogText.Safe(e.Message));
                _layout = Recover(layout) ?? throw new IOException(
                    $"The text of article {number} of {Path.GetFileName(layout.Path)} is unreadable and its knowledge file changed since it was loaded", e);
                return Read(number, count);
            }
        }
    }

    private Layout? Recover(Layout old)
    {
        if (_recover() is not { } articles || articles.Count != old.Offsets.Length)
            return null;
        if (articles.Count > 0 && articles[0].Paragraphs is StoredParagraphs { File: var fresh } && !ReferenceEquals(fresh, this))
            return fresh._layout;
        return old with { InMemory = articles.Select(a => a.Paragraphs.ToArray()).ToArray() };
    }

    private static string[] Read(Layout layout, int number, int count)
    {
        var bytes = new byte[layout.Lengths[number]];
        using (var handle = File.OpenHandle(layout.Path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete))
        {
            if (StampOf(layout.Path, handle) != layout.Stamp)
                throw new InvalidDataException("the entry changed since it was read");
            var done = 0;
            while (done < bytes.Length)
            {
                var n = RandomAccess.Read(handle, bytes.AsSpan(done), layout.Offsets[number] + done);
                if (n == 0)
                    throw new InvalidDataException("the entry is shorter than it was");
                done += n;
            }
        }
        using var reader = new BinaryReader(new MemoryStream(bytes), Encoding.UTF8);
        var paragraphs = new string[count];
        for (var i = 0; i < count; i++)
            paragraphs[i] = reader.ReadString();
        if (reader.BaseStream.Position != bytes.Length)
            throw new InvalidDataException("an article's text is longer than its paragraphs");
        return paragraphs;
    }

    /// <summary>
    /// The passages' places (paragraph, sentence bounds) of each article of the entry, as <see cref="WriteCuts"/> kept
    /// them for <paramref name="version"/> (the analysis, format and passage size), or null when there are none or they
    /// are damaged: then the articles are cut again from their text. Kept beside the entry, so that reopening an index
    /// does not read and split every article's text.
    /// </summary>
    public (int Paragraph, int[] Bounds)[][]? TryReadCuts(string version)
    {
        var path = CutsPath(version);
        try
        {
            if (!File.Exists(path))
                return null;
            var bytes = File.ReadAllBytes(path);
            if (bytes.Length < 4 || Crc32.HashToUInt32(bytes.AsSpan(0, bytes.Length - 4)) != BitConverter.ToUInt32(bytes, bytes.Length - 4))
                return null;
            using var reader = new BinaryReader(new MemoryStream(bytes, 0, bytes.Length - 4), Encoding.UTF8);
            if (reader.ReadString() != version || reader.ReadInt32() != Count)
                return null;
            var cuts = new (int, int[])[Count][];
            for (var a = 0; a < cuts.Length; a++)
            {
                var paragraphs = _paragraphs[a];
                cuts[a] = new (int, int[])[reader.ReadInt32()];
                for (var p = 0; p < cuts[a].Length; p++)
                {
                    var paragraph = reader.ReadInt32();
                    var bounds = new int[reader.ReadInt32()];
                    if (paragraph < 0 || paragraph >= paragraphs || bounds.Length == 0 || bounds.Length % 2 != 0)
                        return null;
                    for (var b = 0; b < bounds.Length; b++)
                        bounds[b] = reader.ReadInt32();
                    cuts[a][p] = (paragraph, bounds);
                }
            }
            return reader.BaseStream.Position == reader.BaseStream.Length ? cuts : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or OverflowException or OutOfMemoryException or ArgumentException)
        {
            return null;
        }
    }

    /// <summary>Keeps <paramref name="cuts"/> (by article number) for <see cref="TryReadCuts"/>; a failure to write is ignored.</summary>
    public void WriteCuts(string version, IReadOnlyList<IReadOnlyList<(int Paragraph, int[] Bounds)>> cuts)
    {
        if (_readOnly || cuts.Count != Count)
            return;
        var path = CutsPath(version);
        var temporary = path + ".tmp";
        try
        {
            var stream = new MemoryStream();
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(version);
                writer.Write(cuts.Count);
                foreach (var article in cuts)
                {
                    writer.Write(article.Count);
                    foreach (var (paragraph, bounds) in article)
                    {
                        writer.Write(paragraph);
                        writer.Write(bounds.Length);
                        foreach (var b in bounds)
                            writer.Write(b);
                    }
                }
                writer.Write(Crc32.HashToUInt32(stream.GetBuffer().AsSpan(0, (int)stream.Length)));
            }
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(temporary, stream.GetBuffer().AsSpan(0, (int)stream.Length));
            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _texts.Logger.LogDebug("Cannot keep the passages of {Entry} ({Error})", LogText.Safe(Path.GetFileName(_layout.Path)), LogText.Safe(e.Message));
            try
            {
                File.Delete(temporary);
            }
            catch (Exception again) when (again is IOException or UnauthorizedAccessException)
            {
            }
        }
    }

    /// <summary>The folder, inside an entry's folder, where the entries' passage cuts are kept.</summary>
    public const string CutsFolder = "cuts";

    // The version's passage size and the analysis and format it was cut with, in the name: one file per version.
    private string CutsPath(string version) =>
        Path.Combine(Path.GetDirectoryName(_layout.Path)!, CutsFolder, $"{Path.GetFileName(_layout.Path)}.{version}");

    /// <summary>How the entry at <paramref name="path"/>, open as <paramref name="handle"/>, stands on disk now.</summary>
    public static FileStamp StampOf(string path, SafeFileHandle handle) =>
        new(path, RandomAccess.GetLength(handle), File.GetLastWriteTimeUtc(handle).Ticks);

    // Swapped whole when the entry is recovered, so a reader sees one consistent layout.
    private sealed record Layout(string Path, FileStamp Stamp, long[] Offsets, int[] Lengths, string[][]? InMemory);
}

/// <summary>The paragraphs of one article, read from its article-cache entry when asked for (through a small bounded cache).</summary>
internal sealed class StoredParagraphs(ArticleTextFile file, int number, int count) : IReadOnlyList<string>
{
    /// <summary>The entry the text is in.</summary>
    public ArticleTextFile File => file;

    /// <summary>The article's number in its entry.</summary>
    public int Number => number;

    /// <inheritdoc />
    public int Count => count;

    /// <inheritdoc />
    public string this[int index] => Paragraphs()[index];

    /// <inheritdoc />
    public IEnumerator<string> GetEnumerator() => ((IEnumerable<string>)Paragraphs()).GetEnumerator();

    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

    private string[] Paragraphs() => file.Texts.Get(this);
}

/// <summary>
/// The texts of the articles read last, shared by every entry of one article cache: an answer reads the same few
/// articles several times (retrieval, reranking, sentence selection), and a question the next one asks often reads them
/// again. Bounded by a count of articles; the oldest read goes first.
/// </summary>
internal sealed class ArticleTexts(ILogger logger, int capacity = ArticleTexts.DefaultCapacity)
{
    /// <summary>Articles kept: a few megabytes of text, many times what one answer reads.</summary>
    public const int DefaultCapacity = 2048;

    private readonly Dictionary<StoredParagraphs, string[]> _held = new(ReferenceEqualityComparer.Instance);
    private readonly Queue<StoredParagraphs> _order = new();
    private readonly Lock _lock = new();

    /// <summary>Where an unreadable entry is reported.</summary>
    public ILogger Logger => logger;

    /// <summary>The paragraphs of <paramref name="article"/>, from the cache or its entry.</summary>
    public string[] Get(StoredParagraphs article)
    {
        lock (_lock)
        {
            if (_held.TryGetValue(article, out var held))
                return held;
        }
        var read = article.File.Read(article.Number, article.Count);
        lock (_lock)
        {
            if (_held.TryAdd(article, read))
            {
                _order.Enqueue(article);
                while (_order.Count > capacity)
                    _held.Remove(_order.Dequeue());
            }
        }
        return read;
    }
}
