namespace Bot.Core.Ocr;

/// <summary>Reads the text of a picture of a page.</summary>
public interface IOcrEngine
{
    /// <summary>
    /// Why pictures cannot be read here (the engine or a configured language is not installed, with the Debian packages
    /// that bring them), or null when they can.
    /// </summary>
    Task<string?> MissingAsync(CancellationToken cancellationToken);

    /// <summary>Reads <paramref name="image"/> (PNG, JPEG, TIFF, WebP); throws <see cref="OcrException"/> when it cannot.</summary>
    Task<OcrPage> RecognizeAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken);
}
