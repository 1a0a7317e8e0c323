using System.Security.Cryptography;
using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Ocr;

/// <summary>
/// Reads pictures of pages for the knowledge readers: refuses a picture whose header declares more than
/// <c>Ocr:MaxPixels</c> (before anything decodes it) or that is cut short, answers from the OCR cache beside the index
/// (<c>Knowledge:IndexPath</c>/ocr) when the same picture was read before, and otherwise runs the engine.
/// </summary>
public sealed class PageOcr(IOcrEngine engine, IOptions<OcrOptions> options, IOptions<KnowledgeOptions> knowledge, ILogger<PageOcr> logger)
{
    private readonly OcrCache? _cache = CacheOf(knowledge.Value, options.Value, logger);

    /// <summary>False when <c>Ocr:Enabled</c> is off.</summary>
    public bool Enabled => options.Value.Enabled;

    /// <summary>The options it reads by.</summary>
    public OcrOptions Options => options.Value;

    /// <summary>Pictures read by the engine (not from the cache) since start.</summary>
    public int Recognized => _recognized;

    private int _recognized;

    /// <summary>Throws <see cref="OcrException"/> when a picture of <paramref name="pixels"/> pixels is over <c>Ocr:MaxPixels</c>.</summary>
    public void CheckPixels(long pixels, string what)
    {
        if (pixels > options.Value.MaxPixels)
            throw new OcrException($"{what} is over Ocr:MaxPixels ({pixels:N0} > {options.Value.MaxPixels:N0} pixels)");
    }

    /// <summary>The text of the picture <paramref name="image"/>; throws <see cref="OcrException"/> when it is not read.</summary>
    public OcrPage Read(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        var header = ImageHeader.Read(image.Span);
        CheckPixels(header.Pixels, $"a {header.Format} of {header.Description} pixels");
        var hash = Convert.ToHexString(SHA256.HashData(image.Span));
        var settings = $"{options.Value.Languages} psm{options.Value.PageSegmentation}";
        if (_cache?.TryRead(hash, settings) is { } cached)
            return cached;
        // The readers are synchronous (the loader runs on a worker thread of its own): the process is waited for here.
        if (engine.MissingAsync(cancellationToken).GetAwaiter().GetResult() is { } missing)
            throw new OcrException($"not read: {missing}", engineMissing: true);
        var page = engine.RecognizeAsync(image, cancellationToken).GetAwaiter().GetResult();
        Interlocked.Increment(ref _recognized);
        _cache?.Write(hash, settings, page);
        return page;
    }

    private static OcrCache? CacheOf(KnowledgeOptions o, OcrOptions ocr, ILogger logger) =>
        string.IsNullOrWhiteSpace(o.IndexPath) || o.IndexPath.Equals("memory", StringComparison.OrdinalIgnoreCase)
            ? null
            : new OcrCache(Path.Combine(o.IndexPath, "ocr"), logger, ocr.CacheMaxMegabytes * 1024L * 1024);
}
