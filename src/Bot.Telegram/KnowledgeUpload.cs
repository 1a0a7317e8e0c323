using System.Text;
using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Ocr;
using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// Knowledge sent by chat: an admin's document is downloaded (bounded by <c>Knowledge:MaxFileBytes</c> and Telegram's
/// 20 MB) into a staging folder (<see cref="StagingFolder"/>), read by the same readers as the knowledge folder, and only
/// when they find articles in it saved there under a name of our making (nothing of the user's name but its letters,
/// digits and extension) and indexed. It is confirmed only once the knowledge folder holds it and the index has it,
/// whatever reload runs beside it. <c>/forget</c> removes a file so added.
/// </summary>
public sealed class KnowledgeUpload(IKnowledgeStore store, KnowledgeLoader loader, IOptions<KnowledgeOptions> options, TextCatalog texts, ILogger<KnowledgeUpload> logger,
    IUploadFiles? files = null, IOptions<OcrOptions>? ocr = null)
{
    private readonly IUploadFiles _files = files ?? new UploadFiles();

    /// <summary>The largest file the Bot API lets a bot download.</summary>
    public const long TelegramDownloadLimit = 20L * 1024 * 1024;

    private static readonly string[] Extensions = [".txt", ".md", ".html", ".htm", ".pdf", ".docx", ".jsonl"];

    /// <summary>Pictures of pages, read through OCR when <c>Ocr:Enabled</c> is on.</summary>
    public static readonly string[] ImageExtensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp"];

    private bool ReadsImages => ocr?.Value.Enabled == true;

    // Uploads from several chats at once: a name is chosen and taken by one at a time.
    private readonly SemaphoreSlim _naming = new(1, 1);

    /// <summary>
    /// Where downloads wait until they are read: <c>uploads</c> in the index folder, which the bot must be able to write
    /// anyway (under systemd's <c>ProtectSystem=strict</c> the system's temporary folder is read-only), or the system's
    /// temporary folder when the index is kept in memory.
    /// </summary>
    public static string StagingFolder(KnowledgeOptions options) =>
        string.IsNullOrWhiteSpace(options.IndexPath) || options.IndexPath.Equals("memory", StringComparison.OrdinalIgnoreCase)
            ? Path.GetTempPath()
            : Path.Combine(options.IndexPath, "uploads");

    /// <summary>Reads, saves and indexes <paramref name="document"/>; returns the reply to its sender.</summary>
    public Task<string> AddAsync(ITelegramBotClient bot, Document document, string language, CancellationToken cancellationToken) =>
        AddAsync(bot, document.FileId, document.FileName, document.FileSize, language, cancellationToken);

    /// <summary>
    /// Reads, saves and indexes the file <paramref name="fileId"/> sent as <paramref name="fileName"/> (a document, or a
    /// photo under a name of ours); returns the reply to its sender.
    /// </summary>
    public async Task<string> AddAsync(ITelegramBotClient bot, string fileId, string? fileName, long? fileSize, string language, CancellationToken cancellationToken)
    {
        var folder = options.Value.Path;
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder))
            return texts.Get(language, "uploadNoFolder");
        var extension = Path.GetExtension(fileName ?? "").ToLowerInvariant();
        string[] accepted = ReadsImages ? [.. Extensions, .. ImageExtensions] : Extensions;
        if (!accepted.Contains(extension))
            return texts.Get(language, "uploadType", string.Join(" ", accepted));
        var limit = DownloadLimit;
        if (fileSize is > 0 && fileSize > limit)
            return texts.Get(language, "uploadTooLarge", limit / (1024 * 1024));

        var staging = Directory.CreateDirectory(Path.Combine(StagingFolder(options.Value), "bot-upload-" + Guid.NewGuid().ToString("N")));
        try
        {
            var name = SafeName(fileName, extension);
            var staged = Path.Combine(staging.FullName, name);
            var file = await bot.GetFile(fileId, cancellationToken);
            await using (var bounded = new BoundedStream(new FileStream(staged, FileMode.CreateNew), limit, "the download is"))
            {
                try
                {
                    await bot.DownloadFile(file, bounded, cancellationToken);
                }
                catch (Exception) when (bounded.Exceeded)
                {
                    // A file larger than it said (the client wraps the stream's refusal in its own exception).
                    return texts.Get(language, "uploadTooLarge", limit / (1024 * 1024));
                }
            }
            var read = loader.Load(staged, cancellationToken);
            if (read.Articles.Count == 0)
            {
                var reason = read.Skipped.FirstOrDefault()?.Reason ?? texts.Get(language, "uploadEmpty");
                return texts.Get(language, "uploadRefused", name, reason);
            }
            var target = await CommitAsync(staged, folder, name, cancellationToken);
            logger.LogInformation("Knowledge file {File} added by chat: {Articles} articles", LogText.Safe(Path.GetFileName(target)), read.Articles.Count);
            if (!await IsIndexedAsync(Path.GetFileName(target), cancellationToken))
            {
                // Not confirmed, so not kept: what the admin was told and what the folder holds agree.
                File.Delete(target);
                logger.LogWarning("Knowledge file {File} added by chat was not indexed; removed again", LogText.Safe(Path.GetFileName(target)));
                await store.LoadAsync(CancellationToken.None);
                return texts.Get(language, "uploadRefused", name, texts.Get(language, "uploadEmpty"));
            }
            var sb = new StringBuilder(texts.Get(language, "uploadAdded", Path.GetFileName(target), read.Articles.Count));
            foreach (var a in read.Articles.Take(5))
                sb.Append("\n• ").Append(Bot.Core.Answering.Citation.Shorten(a.Title)).Append(a.Date is { } d ? $" {d:yyyy-MM-dd}" : "").Append(OcrNote(a, language));
            if (read.Articles.Count > 5)
                sb.Append("\n…");
            return sb.ToString();
        }
        finally
        {
            try
            {
                staging.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    /// <summary>The largest file taken by chat: <c>Knowledge:MaxFileBytes</c>, and never over what a bot may download.</summary>
    public long DownloadLimit => Math.Min(options.Value.MaxFileBytes, TelegramDownloadLimit);

    /// <summary>" (OCR)" after an article read from a picture, " (OCR, low confidence 52%)" when its words were read poorly.</summary>
    public string OcrNote(Article article, string language) =>
        article.OcrConfidence is not { } c ? ""
        : c < (ocr?.Value.LowConfidence ?? new OcrOptions().LowConfidence) ? " " + texts.Get(language, "ocrLow", c.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))
        : " (OCR)";

    /// <summary>Removes <paramref name="fileName"/> (a file directly in the knowledge folder) and reindexes.</summary>
    public async Task<string> ForgetAsync(string fileName, string language, CancellationToken cancellationToken)
    {
        var folder = options.Value.Path;
        var name = Path.GetFileName(fileName.Trim());
        if (string.IsNullOrWhiteSpace(folder) || !Directory.Exists(folder) || name.Length == 0 || name != fileName.Trim())
            return texts.Get(language, "forgetUsage");
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
            return texts.Get(language, "forgetMissing", name);
        File.Delete(path);
        logger.LogInformation("Knowledge file {File} removed by chat", LogText.Safe(name));
        var snapshot = await store.LoadAsync(cancellationToken);
        return texts.Get(language, "forgotten", name, snapshot.Articles.Count);
    }

    // Letters (any script), digits, '-' and '_' of the user's name, at most 60, then our own extension.
    private static string SafeName(string? fileName, string extension)
    {
        var stem = Path.GetFileNameWithoutExtension(Path.GetFileName((fileName ?? "").Replace('\\', '/')));
        var safe = new string(stem.Where(c => char.IsLetterOrDigit(c) || c is '-' or '_').Take(60).ToArray());
        return (safe.Length == 0 ? "upload" : safe) + extension;
    }

    private string Unused(string folder, string name)
    {
        var path = Path.Combine(folder, name);
        for (var i = 2; _files.Exists(path); i++)
            path = Path.Combine(folder, $"{Path.GetFileNameWithoutExtension(name)}-{i}{Path.GetExtension(name)}");
        return path;
    }

    // Into the knowledge folder first under a name every load ignores (".…part"): a copy from another file system takes
    // time, and no reload may read it half written. Then renamed within the folder, which is atomic, under a name no
    // other upload has taken meanwhile.
    private async Task<string> CommitAsync(string staged, string folder, string name, CancellationToken cancellationToken)
    {
        var part = Path.Combine(folder, $".{Guid.NewGuid():N}.part");
        _files.Move(staged, part, overwrite: false);
        await _naming.WaitAsync(cancellationToken);
        try
        {
            var target = Unused(folder, name);
            _files.Move(part, target, overwrite: false);
            return target;
        }
        catch
        {
            File.Delete(part);
            throw;
        }
        finally
        {
            _naming.Release();
        }
    }

    // The reload after the file was saved reads it; a reload already running beside it did not, and is waited out first.
    private async Task<bool> IsIndexedAsync(string name, CancellationToken cancellationToken)
    {
        for (var attempt = 0; attempt < 2; attempt++)
        {
            var snapshot = await store.LoadAsync(cancellationToken);
            if (snapshot.Files.Contains(name))
                return true;
        }
        return false;
    }
}
