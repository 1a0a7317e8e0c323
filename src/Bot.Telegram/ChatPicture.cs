using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>A picture sent in a chat: a photo (its largest size), or a picture of a type OCR reads sent as a file.</summary>
/// <param name="FileId">The file to download.</param>
/// <param name="FileName">Its name: the document's, or "photo.jpg" (Telegram sends photos as JPEG, without a name).</param>
/// <param name="FileSize">The size the update declares, when it does.</param>
public sealed record ChatPicture(string FileId, string FileName, long? FileSize)
{
    /// <summary>The picture of <paramref name="message"/>, or null when it holds none.</summary>
    public static ChatPicture? Of(Message message)
    {
        if (message.Photo is { Length: > 0 } sizes)
        {
            var largest = sizes.MaxBy(p => (long)p.Width * p.Height)!;
            return new ChatPicture(largest.FileId, "photo.jpg", largest.FileSize);
        }
        return message.Document is { } document && KnowledgeUpload.ImageExtensions.Contains(Path.GetExtension(document.FileName ?? "").ToLowerInvariant())
            ? new ChatPicture(document.FileId, document.FileName!, document.FileSize)
            : null;
    }
}
