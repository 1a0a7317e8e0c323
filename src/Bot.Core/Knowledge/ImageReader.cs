using Bot.Core.Ocr;

namespace Bot.Core.Knowledge;

/// <summary>
/// Reads pictures of pages (<c>.png .jpg .jpeg .tif .tiff .webp</c>: scans, photos) through OCR; their text is split into
/// articles and repaired like an OCR'd <c>.txt</c> page, and each article keeps its words' mean confidence.
/// </summary>
public sealed class ImageReader(PageOcr ocr, ReadLimits? limits = null) : IKnowledgeReader
{
    private static readonly string[] Extensions = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp"];
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public bool CanRead(string path) => ocr.Enabled && Extensions.Any(e => path.EndsWith(e, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var bytes = StreamBytes.ReadAll(stream, _limits.MaxBytes);
        OcrPage page;
        try
        {
            page = ocr.Read(bytes, cancellationToken);
        }
        catch (OcrException e)
        {
            throw new KnowledgeFormatException(e.Message);
        }
        return Split(page, sourcePath, Path.GetFileNameWithoutExtension(sourcePath), DateExtractor.FromFileName(sourcePath));
    }

    /// <summary>
    /// The articles of OCR'd text, split as a newspaper page; each article that holds lines of <paramref name="page"/> gets
    /// their mean confidence (<paramref name="all"/>: every article, the page's mean when none of its lines match).
    /// </summary>
    public static IReadOnlyList<Article> Split(OcrPage page, string sourcePath, string? fallbackTitle, DateOnly? day, bool all = true)
    {
        var articles = NewspaperPageSplitter.Split(page.Text, sourcePath, fallbackTitle, day);
        return articles.Select(a => Mark(a, page, day, all)).ToList();
    }

    /// <summary><paramref name="article"/> with the confidence of the lines of <paramref name="page"/> it holds.</summary>
    internal static Article Mark(Article article, OcrPage page, DateOnly? day, bool all)
    {
        var confidence = page.ConfidenceOf(article.Title + "\n" + article.Body) ?? (all ? page.MeanConfidence : null);
        var marked = article with { OcrConfidence = confidence is { } c ? Math.Round(c, 1) : null };
        return day is not null && article.Date == day ? marked with { DateSource = "file name" } : marked;
    }
}
