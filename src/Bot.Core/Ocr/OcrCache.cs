using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Bot.Core.Common;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Ocr;

/// <summary>
/// What OCR read from each picture, kept by the picture's SHA-256 (and the languages and layout that read it) in a folder
/// beside the article cache: OCR is the slow step, and a picture that was read once is never read again, even when the
/// article cache is rebuilt or the file renamed. Entries are written whole (a temporary file moved into place).
/// The folder is kept under <paramref name="maxBytes"/>: each write removes the entries used longest ago (a read marks an
/// entry used) until it fits. An unchanged picture in the knowledge is read from the article cache, not from here, so
/// what goes first is what no load has needed for longest: pictures removed from the knowledge, pages of old versions.
/// </summary>
public sealed class OcrCache(string folder, ILogger logger, long maxBytes = long.MaxValue)
{
    // A temporary file older than this is left from a write that never finished (the process stopped).
    private static readonly TimeSpan StaleTemporary = TimeSpan.FromHours(1);

    // Raised when what an entry holds, or the layout that made it, changes.
    private const int Version = 1;

    /// <summary>The folder the entries are kept in.</summary>
    public string Folder => folder;

    /// <summary>The page read from the picture whose SHA-256 is <paramref name="hash"/> with <paramref name="settings"/>, or null.</summary>
    public OcrPage? TryRead(string hash, string settings)
    {
        var path = PathOf(hash, settings);
        if (!File.Exists(path))
            return null;
        try
        {
            var lines = JsonSerializer.Deserialize<List<OcrLine>>(File.ReadAllBytes(path));
            if (lines is null || lines.Any(l => l is null || l.Text is null))
                return null;
            // Used now: the last to be pruned.
            File.SetLastWriteTimeUtc(path, DateTime.UtcNow);
            return new OcrPage(lines);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException)
        {
            logger.LogWarning("The cached OCR of a picture is unreadable ({Error}); reading the picture again", LogText.Safe(e.Message));
            return null;
        }
    }

    /// <summary>Keeps <paramref name="page"/>; a failure to write is logged, never thrown.</summary>
    public void Write(string hash, string settings, OcrPage page)
    {
        var path = PathOf(hash, settings);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            Directory.CreateDirectory(folder);
            File.WriteAllBytes(temporary, JsonSerializer.SerializeToUtf8Bytes(page.Lines));
            File.Move(temporary, path, overwrite: true);
            Prune();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot keep the OCR of a picture in {Folder} ({Error}); it will be read again", LogText.Safe(folder), LogText.Safe(e.Message));
            try
            {
                File.Delete(temporary);
            }
            catch (Exception d) when (d is IOException or UnauthorizedAccessException)
            {
                // A stray temporary file costs disk space only.
            }
        }
    }

    /// <summary>
    /// Removes the entries used longest ago until the folder holds at most <c>maxBytes</c>, and temporary files left by
    /// writes that never finished; returns how many files it removed. A failure is logged, never thrown.
    /// </summary>
    public int Prune()
    {
        var removed = 0;
        try
        {
            var files = new DirectoryInfo(folder).GetFiles();
            var now = DateTime.UtcNow;
            foreach (var stale in files.Where(f => f.Name.EndsWith(".tmp", StringComparison.Ordinal) && now - f.LastWriteTimeUtc > StaleTemporary))
                removed += Delete(stale);
            var entries = files.Where(f => f.Name.EndsWith(".ocr.json", StringComparison.Ordinal)).OrderBy(f => f.LastWriteTimeUtc).ToList();
            var total = entries.Sum(f => f.Length);
            foreach (var oldest in entries)
            {
                if (total <= maxBytes)
                    break;
                total -= oldest.Length;
                removed += Delete(oldest);
            }
            if (removed > 0)
                logger.LogInformation("Removed {Count} OCR cache files from {Folder} to keep it under {Bytes:N0} bytes (Ocr:CacheMaxMegabytes)", removed, LogText.Safe(folder), maxBytes);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot prune the OCR cache in {Folder} ({Error})", LogText.Safe(folder), LogText.Safe(e.Message));
        }
        return removed;
    }

    private static int Delete(FileInfo file)
    {
        try
        {
            file.Delete();
            return 1;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Another process holds it or removed it first: the next prune tries again.
            return 0;
        }
    }

    private string PathOf(string hash, string settings)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{Version}\n{settings}")), 0, 6);
        return Path.Combine(folder, $"{hash}-{key}.ocr.json");
    }
}
