using System.Security.Cryptography;
using System.Text;
using Bot.Core.Common;
using Bot.Core.Knowledge;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Indexing;

/// <summary>
/// The articles read from each knowledge file, kept beside the persisted index under the file's name and SHA-256, so
/// that a restart reads them back instead of parsing the file again: decompressing and parsing the 68,798-article
/// JSONL took most of reopening its index. An entry that is missing, written by another format version, or damaged is
/// not used: the file is parsed again and the entry rewritten. The articles' paragraphs stay in the entry and are read
/// when asked for (<see cref="ArticleTextFile"/>), so that a large archive's text is not held in memory. Loading is not
/// thread-safe (the store loads one at a time); reading articles' text is.
/// </summary>
public sealed class ArticleCache(string folder, ILogger logger, bool readOnly = false)
{
    private const int Magic = 0x33435241; // "ARC3": each article's paragraphs last, with their length

    private readonly ArticleTexts _texts = new(logger);

    /// <summary>The folder the entries are kept in.</summary>
    public string Folder => folder;

    /// <summary>
    /// The articles and warnings <paramref name="name"/> gave when its content had <paramref name="hash"/>, or false.
    /// The articles' paragraphs are not read: they are read from the entry when asked for, and, should the entry be
    /// unreadable by then, <paramref name="recover"/> (the file parsed again, or null when its content changed) gives them.
    /// </summary>
    public bool TryRead(string name, string hash, out IReadOnlyList<Article> articles, out IReadOnlyList<string> warnings,
        Func<IReadOnlyList<Article>?>? recover = null)
    {
        articles = [];
        warnings = [];
        var path = PathOf(name, hash);
        if (!File.Exists(path))
            return false;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
            using var reader = new BinaryReader(stream, Encoding.UTF8);
            if (reader.ReadInt32() != Magic || reader.ReadInt32() != KnowledgeSnapshotFactory.FormatVersion || reader.ReadString() != name)
                return false;
            warnings = ReadStrings(reader);
            var count = ReadCount(reader);
            var (offsets, lengths, paragraphs) = (new long[count], new int[count], new int[count]);
            var file = new ArticleTextFile(path, ArticleTextFile.StampOf(path, stream.SafeFileHandle), offsets, lengths, paragraphs, _texts, recover ?? (() => null), readOnly);
            var read = new Article[count];
            for (var i = 0; i < read.Length; i++)
                read[i] = ReadArticle(reader, name, file, i, offsets, lengths, paragraphs);
            if (reader.BaseStream.Position != reader.BaseStream.Length)
                return false;
            articles = read;
            return true;
        }
        // Damage shows as a short read (EndOfStreamException is an IOException), a count or date out of range, or bad UTF-8.
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or DecoderFallbackException
                                      or ArgumentException)
        {
            logger.LogWarning("Cached articles of {File} are unreadable ({Error}); parsing the file again", LogText.Safe(name), LogText.Safe(e.Message));
            return false;
        }
    }

    /// <summary>
    /// Keeps what <paramref name="name"/> gave; a failure to write is logged, never thrown. Returns the articles with
    /// their paragraphs left in the entry (read back when asked for, as <see cref="TryRead"/> gives them), or
    /// <paramref name="articles"/> themselves when the entry could not be written.
    /// </summary>
    public IReadOnlyList<Article> Write(string name, string hash, IReadOnlyList<Article> articles, IReadOnlyList<string> warnings,
        Func<IReadOnlyList<Article>?>? recover = null)
    {
        // The cache of an index another process owns is read, never written.
        if (readOnly)
            return articles;
        var path = PathOf(name, hash);
        var temporary = path + ".tmp";
        try
        {
            Directory.CreateDirectory(folder);
            var (offsets, lengths) = (new long[articles.Count], new int[articles.Count]);
            FileStamp stamp;
            using (var writer = new BinaryWriter(new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16), Encoding.UTF8))
            {
                writer.Write(Magic);
                writer.Write(KnowledgeSnapshotFactory.FormatVersion);
                writer.Write(name);
                WriteStrings(writer, warnings);
                writer.Write(articles.Count);
                var block = new MemoryStream();
                for (var i = 0; i < articles.Count; i++)
                    (offsets[i], lengths[i]) = WriteArticle(writer, articles[i], block);
            }
            File.Move(temporary, path, overwrite: true);
            using (var handle = File.OpenHandle(path))
                stamp = ArticleTextFile.StampOf(path, handle);
            var file = new ArticleTextFile(path, stamp, offsets, lengths, articles.Select(a => a.Paragraphs.Count).ToArray(), _texts, recover ?? (() => null), readOnly);
            return articles.Select((a, i) => a with { Paragraphs = new StoredParagraphs(file, i, a.Paragraphs.Count) }).ToArray();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot keep the articles of {File} in {Folder} ({Error}); it will be parsed again at the next start", LogText.Safe(name), LogText.Safe(folder), LogText.Safe(e.Message));
            TryDelete(temporary);
            return articles;
        }
    }

    /// <summary>Deletes the entries of files and contents that are no longer loaded.</summary>
    /// <remarks>
    /// Those of <paramref name="previous"/> (the load the current snapshot was made from) are kept as well: that
    /// snapshot may still be answering, and reads its articles' text from them, until the new one replaces it.
    /// </remarks>
    public void Prune(IReadOnlyDictionary<string, string> hashesByName, IReadOnlyDictionary<string, string>? previous = null)
    {
        if (readOnly || !Directory.Exists(folder))
            return;
        var kept = hashesByName.Concat(previous ?? new Dictionary<string, string>())
            .Select(pair => Path.GetFileName(PathOf(pair.Key, pair.Value))).ToHashSet(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(folder))
        {
            if (!kept.Contains(Path.GetFileName(file)))
                TryDelete(file);
        }
        // An entry's passage cuts are named after it: "<entry>.<version>".
        var cuts = Path.Combine(folder, ArticleTextFile.CutsFolder);
        if (Directory.Exists(cuts))
        {
            foreach (var file in Directory.EnumerateFiles(cuts))
            {
                var name = Path.GetFileName(file);
                var dot = name.IndexOf(".articles", StringComparison.Ordinal);
                if (dot < 0 || !kept.Contains(name[..(dot + ".articles".Length)]))
                    TryDelete(file);
            }
        }
    }

    // One entry per file name and content: an article's id can depend on its file's name.
    private string PathOf(string name, string hash)
    {
        var key = SHA256.HashData(Encoding.UTF8.GetBytes($"{name}\n{hash}"));
        return Path.Combine(folder, Convert.ToHexString(key, 0, 16) + ".articles");
    }

    // The paragraphs go last, as one block with its length, so that a read can step over them.
    private static (long Offset, int Length) WriteArticle(BinaryWriter writer, Article article, MemoryStream block)
    {
        writer.Write(article.Id);
        writer.Write(article.Title);
        writer.Write(article.HasOwnTitle);
        writer.Write(article.Date?.DayNumber ?? -1);
        writer.Write(article.Byline is not null);
        if (article.Byline is not null)
            writer.Write(article.Byline);
        WriteStrings(writer, article.PullQuotes);
        writer.Write(article.OcrConfidence ?? -1);
        block.SetLength(0);
        using (var text = new BinaryWriter(block, Encoding.UTF8, leaveOpen: true))
        {
            foreach (var paragraph in article.Paragraphs)
                text.Write(paragraph);
        }
        var bytes = block.GetBuffer().AsSpan(0, (int)block.Length);
        writer.Write(article.Paragraphs.Count);
        writer.Write(bytes.Length);
        writer.Flush();
        var offset = writer.BaseStream.Position;
        writer.Write(bytes);
        return (offset, bytes.Length);
    }

    private static Article ReadArticle(BinaryReader reader, string name, ArticleTextFile file, int number, long[] offsets, int[] lengths, int[] paragraphCounts)
    {
        var id = reader.ReadString();
        var title = reader.ReadString();
        var hasOwnTitle = reader.ReadBoolean();
        var day = reader.ReadInt32();
        var byline = reader.ReadBoolean() ? reader.ReadString() : null;
        var pullQuotes = ReadStrings(reader);
        var ocr = reader.ReadDouble();
        var paragraphs = paragraphCounts[number] = ReadCount(reader);
        var length = ReadCount(reader);
        offsets[number] = reader.BaseStream.Position;
        lengths[number] = length;
        reader.BaseStream.Seek(length, SeekOrigin.Current);
        return new Article(id, title, new StoredParagraphs(file, number, paragraphs), name, day < 0 ? null : DateOnly.FromDayNumber(day), byline)
        {
            HasOwnTitle = hasOwnTitle,
            PullQuotes = pullQuotes,
            OcrConfidence = ocr < 0 ? null : ocr,
        };
    }

    private static void WriteStrings(BinaryWriter writer, IReadOnlyList<string> strings)
    {
        writer.Write(strings.Count);
        foreach (var s in strings)
            writer.Write(s);
    }

    private static string[] ReadStrings(BinaryReader reader)
    {
        var strings = new string[ReadCount(reader)];
        for (var i = 0; i < strings.Length; i++)
            strings[i] = reader.ReadString();
        return strings;
    }

    // Every item takes at least a byte: a count beyond the bytes left is damage, not a list to allocate.
    private static int ReadCount(BinaryReader reader)
    {
        var count = reader.ReadInt32();
        if (count < 0 || count > reader.BaseStream.Length - reader.BaseStream.Position)
            throw new FormatException("a count beyond the end of the entry");
        return count;
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A stale entry costs disk space only; it is tried again at the next prune.
        }
    }
}
