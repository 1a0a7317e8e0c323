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
    private volatile Layout _layout;

    /// <summary>The articles of an entry at <paramref name="path"/>: block i at <paramref name="offsets"/>[i].</summary>
    public ArticleTextFile(string path, FileStamp stamp, long[] offsets, int[] lengths, ArticleTexts texts, Func<IReadOnlyList<Article>?> recover)
    {
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
