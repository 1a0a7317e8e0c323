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
/// </summary>
public sealed class OcrCache(string folder, ILogger logger)
{
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
            return lines is null || lines.Any(l => l is null || l.Text is null) ? null : new OcrPage(lines);
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

    private string PathOf(string hash, string settings)
    {
        var key = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes($"{Version}\n{settings}")), 0, 6);
        return Path.Combine(folder, $"{hash}-{key}.ocr.json");
    }
}
