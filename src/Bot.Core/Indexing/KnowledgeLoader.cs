using System.Security.Cryptography;
using Bot.Core.Common;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Indexing;

/// <summary>
/// Reads every article under the knowledge path (a folder, searched recursively, or one file). A file that cannot be
/// read is skipped (each named at Debug; one warning a load names the first few newly skipped); the others still load.
/// Given the previous load, a file whose size and write time are unchanged is not opened again, and what was loaded from
/// a folder or file that cannot be read now (permissions, I/O errors) is kept, with a warning that says why: only files
/// that are gone, or were changed, lose what they gave.
/// </summary>
public sealed class KnowledgeLoader(IEnumerable<IKnowledgeReader> readers, IOptions<KnowledgeOptions> options, ILogger<KnowledgeLoader> logger,
    IKnowledgeFiles? disk = null)
{
    // How many names a summary line gives; the rest are at Debug.
    private const int Examples = 5;

    private readonly IKnowledgeFiles _disk = disk ?? new KnowledgeFiles();

    /// <summary>Reads every article under <paramref name="path"/>.</summary>
    public KnowledgeLoadResult Load(string path, CancellationToken cancellationToken = default) => Load(path, cache: null, previous: null, cancellationToken);

    /// <summary>
    /// Reads every article under <paramref name="path"/>; a file whose name and content are in <paramref name="cache"/>
    /// is read from there instead of parsed, and what is parsed is kept there.
    /// </summary>
    public KnowledgeLoadResult Load(string path, ArticleCache? cache, CancellationToken cancellationToken = default) => Load(path, cache, previous: null, cancellationToken);

    /// <summary>
    /// Reads every article under <paramref name="path"/> as <see cref="Load(string, ArticleCache?, CancellationToken)"/>
    /// does; a file unchanged since <paramref name="previous"/> (same real path, size and write time) gives what it gave
    /// then without being opened, and a file or folder that cannot be read now gives what it gave then. With no previous
    /// load in this process (a restart), <paramref name="indexed"/> (the files of the persisted index and their hashes)
    /// says what a file that cannot be read gave: its articles are read from <paramref name="cache"/>.
    /// </summary>
    public KnowledgeLoadResult Load(string path, ArticleCache? cache, KnowledgeLoadResult? previous, CancellationToken cancellationToken = default,
        IReadOnlyDictionary<string, string>? indexed = null)
    {
        var loaded = new List<(string Name, IReadOnlyList<Article> Articles)>();
        var skipped = new List<SkippedFile>();
        var unreadable = new List<SkippedFile>();
        var hashes = new Dictionary<string, string>();
        var stamps = new Dictionary<string, FileStamp>();
        var warningsByFile = new Dictionary<string, IReadOnlyList<string>>();
        var newSkips = new List<SkippedFile>();
        var newWarnings = new List<string>();
        int parsed = 0, fromCache = 0, unchanged = 0, kept = 0;

        var before = Before.Of(previous);
        var fullPath = Path.GetFullPath(path);
        IReadOnlyList<(string File, string Name)> candidates;
        if (File.Exists(fullPath))
            candidates = [KnowledgeTree.One(fullPath)];
        else if (Directory.Exists(fullPath))
            candidates = KnowledgeTree.Walk(fullPath, options.Value.FollowLinksOutside, IsTemporary, Skip, _disk, (folder, reason) => unreadable.Add(new SkippedFile(folder, reason)));
        else
            throw new DirectoryNotFoundException($"Knowledge path '{path}' does not exist (set Knowledge:Path or --knowledge).");

        foreach (var (file, name) in candidates)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var reader = readers.FirstOrDefault(r => r.CanRead(name));
            if (reader is null)
            {
                Skip(name, "unsupported file type");
                continue;
            }
            FileStamp stamp;
            try
            {
                // The file itself, links followed: a link's own size says nothing of what it points to.
                var info = new FileInfo(file);
                stamp = new FileStamp(file, info.Length, info.LastWriteTimeUtc.Ticks);
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                // Deleted since the folder was listed: gone.
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Unreadable(name, e.Message);
                continue;
            }
            if (before.Stamps.GetValueOrDefault(name) == stamp)
            {
                if (before.Hashes.TryGetValue(name, out var oldHash))
                {
                    Keep(name, oldHash);
                    unchanged++;
                    continue;
                }
                if (before.Skipped.TryGetValue(name, out var oldReason))
                {
                    stamps[name] = stamp;
                    Skip(name, oldReason);
                    continue;
                }
            }
            if (stamp.Length == 0)
            {
                Skip(name, "empty file, or not a regular file (a device, pipe or socket)");
                continue;
            }
            if (stamp.Length > options.Value.MaxFileBytes)
            {
                Skip(name, $"too large ({stamp.Length:N0} bytes > Knowledge:MaxFileBytes {options.Value.MaxFileBytes:N0})");
                continue;
            }
            Stream stream;
            string hash;
            try
            {
                stream = _disk.OpenRead(file);
                try
                {
                    hash = Convert.ToHexString(SHA256.HashData(stream));
                }
                catch
                {
                    stream.Dispose();
                    throw;
                }
            }
            catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
            {
                continue;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                Unreadable(name, e.Message);
                continue;
            }
            using (stream)
            {
                try
                {
                    IReadOnlyList<Article> read;
                    var fileWarnings = new List<string>();
                    var recover = cache is null ? null : Recovery(cache, reader, file, name, hash);
                    if (cache is not null && cache.TryRead(name, hash, out var cached, out var cachedWarnings, recover))
                    {
                        read = cached;
                        fileWarnings.AddRange(cachedWarnings);
                        fromCache++;
                    }
                    else
                    {
                        stream.Position = 0;
                        read = reader.Read(stream, name, fileWarnings.Add, cancellationToken);
                        parsed++;
                        // From here on the articles' text is read from the entry: a large archive's is not held at once.
                        if (read.Count > 0 && cache is not null)
                            read = cache.Write(name, hash, read, fileWarnings, recover);
                    }
                    stamps[name] = stamp;
                    var oldWarnings = before.Warnings.GetValueOrDefault(name) ?? [];
                    foreach (var w in fileWarnings)
                    {
                        logger.LogDebug("{Warning}", LogText.Safe(w));
                        if (!oldWarnings.Contains(w))
                            newWarnings.Add(w);
                    }
                    if (read.Count == 0)
                    {
                        Skip(name, "no text");
                        continue;
                    }
                    loaded.Add((name, read));
                    hashes[name] = hash;
                    warningsByFile[name] = fileWarnings;
                }
                catch (KnowledgeFormatException e)
                {
                    stamps[name] = stamp;
                    Skip(name, e.Message);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    // The disk failed mid-read: tried again at the next load, and what the file gave before is kept.
                    Unreadable(name, e.Message);
                }
            }
        }

        // What was loaded from a folder that cannot be listed now is kept: unknown is not gone.
        foreach (var folder in unreadable.ToList())
        {
            foreach (var name in before.Hashes.Keys.Where(n => IsIn(n, folder.Path) && !hashes.ContainsKey(n)))
            {
                Keep(name, before.Hashes[name]);
                kept++;
            }
            foreach (var name in (indexed?.Keys ?? []).Where(n => IsIn(n, folder.Path) && !hashes.ContainsKey(n)).ToList())
            {
                if (KeepIndexed(name))
                    kept++;
            }
        }

        loaded.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var articles = loaded.SelectMany(f => f.Articles).ToList();
        var files = loaded.Select(f => f.Name).ToList();
        var warnings = loaded.SelectMany(f => warningsByFile[f.Name]).ToList();
        var counts = new KnowledgeLoadCounts(parsed, fromCache, unchanged, kept, skipped.Count);
        cache?.Prune(hashes, previous?.FileHashes);
        logger.LogInformation("Read {Articles} articles from {Files} files under {Path} ({Counts})", articles.Count, files.Count, LogText.Safe(path), counts);
        if (newSkips.Count > 0)
            logger.LogWarning("{Count} knowledge files newly skipped{More}: {Files}", newSkips.Count, newSkips.Count > Examples ? $" (the first {Examples}; every one at Debug)" : "",
                LogText.Safe(string.Join("; ", newSkips.Take(Examples).Select(s => $"{s.Path} ({s.Reason})"))));
        if (newWarnings.Count > 0)
            logger.LogWarning("{Count} new warnings reading the knowledge{More}: {Warnings}", newWarnings.Count, newWarnings.Count > Examples ? $" (the first {Examples}; every one at Debug)" : "",
                LogText.Safe(string.Join("; ", newWarnings.Take(Examples))));
        if (unreadable.Count > 0)
            logger.LogWarning("Cannot read {Count} of the knowledge's folders or files; the {Kept} files loaded from them before are kept: {Unreadable}",
                unreadable.Count, kept, LogText.Safe(string.Join("; ", unreadable.Take(Examples).Select(u => $"{(u.Path.Length == 0 ? path : u.Path)} ({u.Reason})"))));
        return new KnowledgeLoadResult(articles, files, skipped, warnings)
        {
            FileHashes = hashes,
            Stamps = stamps,
            WarningsByFile = warningsByFile,
            Unreadable = unreadable,
            Counts = counts,
        };

        // Editors' and office programs' working files come and go while a file is saved: they are not knowledge.
        static bool IsTemporary(string name) =>
            name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal) || name.EndsWith('~') ||
            name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".swp", StringComparison.OrdinalIgnoreCase) ||
            name.EndsWith(".part", StringComparison.OrdinalIgnoreCase);

        static bool IsIn(string name, string folder) => folder.Length == 0 || name.StartsWith(folder + "/", StringComparison.Ordinal);

        // What the previous load gave for name, again.
        void Keep(string name, string hash)
        {
            loaded.Add((name, before.Articles.GetValueOrDefault(name) ?? []));
            hashes[name] = hash;
            if (before.Stamps.TryGetValue(name, out var s))
                stamps[name] = s;
            warningsByFile[name] = before.Warnings.GetValueOrDefault(name) ?? [];
        }

        // What the persisted index holds of name, from the article cache (a restart: no previous load); false when it
        // holds nothing of it, or the cache lacks the entry.
        bool KeepIndexed(string name)
        {
            if (indexed is null || cache is null || !indexed.TryGetValue(name, out var hash) || !cache.TryRead(name, hash, out var articles, out var fileWarnings))
                return false;
            loaded.Add((name, articles));
            hashes[name] = hash;
            warningsByFile[name] = fileWarnings;
            return true;
        }

        // A file loaded before (in this process, or into the persisted index) is kept as it was; one never loaded is skipped.
        void Unreadable(string name, string reason)
        {
            unreadable.Add(new SkippedFile(name, reason));
            if (before.Hashes.TryGetValue(name, out var hash))
            {
                Keep(name, hash);
                kept++;
            }
            else if (KeepIndexed(name))
            {
                kept++;
            }
            else
            {
                Skip(name, reason);
            }
        }

        void Skip(string name, string reason)
        {
            var skip = new SkippedFile(name, reason);
            skipped.Add(skip);
            logger.LogDebug("Skipped knowledge file {File}: {Reason}", LogText.Safe(name), LogText.Safe(reason));
            if (before.Skipped.GetValueOrDefault(name) != reason)
                newSkips.Add(skip);
        }
    }

    // Reads file again for its cached entry's text when that entry became unreadable, and keeps it anew; null when the
    // file's content is no longer the one loaded (then the reload that change starts replaces those articles).
    private Func<IReadOnlyList<Article>?> Recovery(ArticleCache cache, IKnowledgeReader reader, string file, string name, string hash) => () =>
    {
        try
        {
            using var stream = _disk.OpenRead(file);
            if (Convert.ToHexString(SHA256.HashData(stream)) != hash)
                return null;
            stream.Position = 0;
            var warnings = new List<string>();
            var read = reader.Read(stream, name, warnings.Add, CancellationToken.None);
            return cache.Write(name, hash, read, warnings);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or KnowledgeFormatException)
        {
            logger.LogWarning("Cannot read {File} again ({Error})", LogText.Safe(name), LogText.Safe(e.Message));
            return null;
        }
    };

    // The previous load, by file name.
    private sealed record Before(
        IReadOnlyDictionary<string, string> Hashes,
        IReadOnlyDictionary<string, FileStamp> Stamps,
        IReadOnlyDictionary<string, IReadOnlyList<Article>> Articles,
        IReadOnlyDictionary<string, IReadOnlyList<string>> Warnings,
        IReadOnlyDictionary<string, string> Skipped)
    {
        public static Before Of(KnowledgeLoadResult? load) => load is null
            ? new Before(new Dictionary<string, string>(), new Dictionary<string, FileStamp>(), new Dictionary<string, IReadOnlyList<Article>>(),
                new Dictionary<string, IReadOnlyList<string>>(), new Dictionary<string, string>())
            : new Before(load.FileHashes, load.Stamps,
                load.Articles.GroupBy(a => a.SourcePath, StringComparer.Ordinal).ToDictionary(g => g.Key, g => (IReadOnlyList<Article>)g.ToList(), StringComparer.Ordinal),
                load.WarningsByFile,
                load.Skipped.GroupBy(s => s.Path, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Reason, StringComparer.Ordinal));
    }
}
