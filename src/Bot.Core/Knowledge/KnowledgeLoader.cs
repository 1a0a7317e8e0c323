using System.Security.Cryptography;
using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Knowledge;

/// <summary>
/// Reads every article under the knowledge path (a folder, searched recursively, or one file).
/// A file that cannot be read is skipped with a warning that names it and the reason; the others still load.
/// </summary>
public sealed class KnowledgeLoader(IEnumerable<IKnowledgeReader> readers, IOptions<KnowledgeOptions> options, ILogger<KnowledgeLoader> logger)
{
    /// <summary>Reads every article under <paramref name="path"/>.</summary>
    public KnowledgeLoadResult Load(string path, CancellationToken cancellationToken = default) => Load(path, cache: null, cancellationToken);

    /// <summary>
    /// Reads every article under <paramref name="path"/>; a file whose name and content are in <paramref name="cache"/>
    /// is read from there instead of parsed, and what is parsed is kept there.
    /// </summary>
    public KnowledgeLoadResult Load(string path, ArticleCache? cache, CancellationToken cancellationToken = default)
    {
        var articles = new List<Article>();
        var files = new List<string>();
        var skipped = new List<SkippedFile>();
        var warnings = new List<string>();
        var hashes = new Dictionary<string, string>();

        var fullPath = Path.GetFullPath(path);
        IReadOnlyList<(string File, string Name)> candidates;
        if (File.Exists(fullPath))
            candidates = [KnowledgeTree.One(fullPath)];
        else if (Directory.Exists(fullPath))
            candidates = KnowledgeTree.Walk(fullPath, options.Value.FollowLinksOutside, IsTemporary, Skip);
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
            try
            {
                // The file itself, links followed: a link's own size says nothing of what it points to.
                var length = new FileInfo(file).Length;
                if (length == 0)
                {
                    Skip(name, "empty file, or not a regular file (a device, pipe or socket)");
                    continue;
                }
                if (length > options.Value.MaxFileBytes)
                {
                    Skip(name, $"too large ({length:N0} bytes > Knowledge:MaxFileBytes {options.Value.MaxFileBytes:N0})");
                    continue;
                }
                using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1 << 16);
                var hash = Convert.ToHexString(SHA256.HashData(stream));
                if (cache is not null && cache.TryRead(name, hash, out var read, out var cachedWarnings))
                {
                    foreach (var w in cachedWarnings)
                        Warn(w);
                }
                else
                {
                    stream.Position = 0;
                    var fileWarnings = new List<string>();
                    read = reader.Read(stream, name, w =>
                    {
                        fileWarnings.Add(w);
                        Warn(w);
                    }, cancellationToken);
                    if (read.Count > 0)
                        cache?.Write(name, hash, read, fileWarnings);
                }
                if (read.Count == 0)
                {
                    Skip(name, "no text");
                    continue;
                }
                articles.AddRange(read);
                files.Add(name);
                hashes[name] = hash;
            }
            catch (Exception e) when (e is KnowledgeFormatException or IOException or UnauthorizedAccessException)
            {
                Skip(name, e.Message);
            }
        }

        cache?.Prune(hashes);
        logger.LogInformation("Read {Articles} articles from {Files} files under {Path}; {Skipped} skipped", articles.Count, files.Count, LogText.Safe(path), skipped.Count);
        return new KnowledgeLoadResult(articles, files, skipped, warnings) { FileHashes = hashes };

        // Editors' and office programs' working files come and go while a file is saved: they are not knowledge.
        static bool IsTemporary(string name) =>
            name.StartsWith('.') || name.StartsWith("~$", StringComparison.Ordinal) || name.EndsWith('~') ||
            name.EndsWith(".tmp", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".swp", StringComparison.OrdinalIgnoreCase) ||
            name.EndsWith(".part", StringComparison.OrdinalIgnoreCase);

        void Warn(string warning)
        {
            warnings.Add(warning);
            logger.LogWarning("{Warning}", LogText.Safe(warning));
        }

        void Skip(string name, string reason)
        {
            skipped.Add(new SkippedFile(name, reason));
            logger.LogWarning("Skipped knowledge file {File}: {Reason}", LogText.Safe(name), LogText.Safe(reason));
        }
    }
}
