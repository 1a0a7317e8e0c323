using Bot.Core.Ocr;
using UglyToad.PdfPig;
using UglyToad.PdfPig.Content;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;
using UglyToad.PdfPig.Tokens;

namespace Bot.Core.Knowledge;

/// <summary>
/// Reads <c>.pdf</c> files: the text of each page in reading order, repaired like an OCR'd page. A page without a text
/// layer (fewer than <c>Ocr:MinPageChars</c> characters: a scan, an e-paper page) is read through OCR from the pictures
/// it holds, page by page, up to <c>Ocr:MaxPdfPages</c> pages.
/// </summary>
public sealed class PdfReader(ReadLimits? limits = null, PageOcr? ocr = null) : IKnowledgeReader
{
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public bool CanRead(string path) => path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var bytes = StreamBytes.ReadAll(stream, _limits.MaxBytes);
        if (!bytes.AsSpan().StartsWith("%PDF-"u8))
            throw new KnowledgeFormatException("not a PDF (no %PDF- header)");
        CheckStreams(bytes);
        try
        {
            using var document = PdfDocument.Open(bytes);
            var pages = new List<string>();
            var recognized = new List<OcrLine>();
            var ocrPages = 0;
            string? engineMissing = null;
            foreach (var page in document.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var pageText = ContentOrderTextExtractor.GetText(page);
                if (ocr is { Enabled: true } && pageText.Count(c => !char.IsWhiteSpace(c)) < ocr.Options.MinPageChars)
                {
                    if (++ocrPages > ocr.Options.MaxPdfPages)
                    {
                        if (ocrPages == ocr.Options.MaxPdfPages + 1)
                            warn($"{sourcePath}: pages from {page.Number} on have no text and are not read (over Ocr:MaxPdfPages {ocr.Options.MaxPdfPages})");
                    }
                    else if (Recognize(page, sourcePath, warn, cancellationToken) is { } read)
                    {
                        recognized.AddRange(read.Page.Lines);
                        engineMissing ??= read.Missing;
                        pageText = read.Page.Text;
                    }
                }
                pages.Add(pageText);
                if (pages.Sum(p => (long)p.Length) > _limits.MaxBytes)
                    throw new KnowledgeFormatException($"its text is longer than {_limits.MaxBytes:N0} characters (Knowledge:MaxFileBytes)");
            }
            var text = string.Join("\n", pages);
            if (engineMissing is not null && string.IsNullOrWhiteSpace(text))
                throw new KnowledgeFormatException(engineMissing);
            var title = document.Information.Title;
            var date = DateExtractor.FromText(text);
            var articles = NewspaperPageSplitter.Split(text, sourcePath, string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(sourcePath) : title, date);
            if (recognized.Count > 0)
                articles = articles.Select(a => ImageReader.Mark(a, new OcrPage(recognized), day: null, all: false)).ToList();
            return !string.IsNullOrWhiteSpace(title) && articles.Count > 0 && !articles[0].HasOwnTitle
                ? [articles[0] with { Title = title.Trim(), HasOwnTitle = true }, .. articles.Skip(1)]
                : articles;
        }
        catch (Exception e) when (e is not (OperationCanceledException or KnowledgeFormatException))
        {
            throw new KnowledgeFormatException($"corrupt PDF ({e.Message})");
        }
    }

    // The text of the pictures on a page without text, read through OCR (JPEG data as it is, other pictures as PNG);
    // null when it holds none that could be read, each failure a warning. Missing: why no engine could read it.
    private (OcrPage Page, string? Missing)? Recognize(Page page, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var lines = new List<OcrLine>();
        string? missing = null;
        foreach (var image in page.GetImages().OrderByDescending(i => i.BoundingBox.Top))
        {
            try
            {
                ocr!.CheckPixels((long)image.WidthInSamples * image.HeightInSamples, $"a picture of {image.WidthInSamples} × {image.HeightInSamples} pixels on page {page.Number}");
                byte[]? bytes = IsJpeg(image) ? image.RawMemory.ToArray() : image.TryGetPng(out var png) ? png : null;
                if (bytes is null)
                {
                    warn($"{sourcePath}: a picture on page {page.Number} is in a form that cannot be read ({image.ImageDictionary.Data.GetValueOrDefault(NameToken.Filter)})");
                    continue;
                }
                lines.AddRange(ocr.Read(bytes, cancellationToken).Lines);
            }
            catch (OcrException e)
            {
                if (e.EngineMissing)
                    missing ??= e.Message;
                warn($"{sourcePath}: page {page.Number} has no text and its picture was not read: {e.Message}");
            }
        }
        return lines.Count > 0 || missing is not null ? (new OcrPage(lines), missing) : null;
    }

    private static bool IsJpeg(IPdfImage image) =>
        image.ImageDictionary.TryGet(NameToken.Filter, out var filter)
        && (filter is NameToken { Data: "DCTDecode" } || filter is ArrayToken { Data: [NameToken { Data: "DCTDecode" }] });

    // PdfPig inflates a page's streams whole, so a few kilobytes of Flate data can hold gigabytes (seen: 2.7 GB for one
    // page). Every Flate stream is inflated here first, into nothing, and the file is refused once their total passes
    // the bound. Streams that are not zlib data (other filters) are left to PdfPig.
    private void CheckStreams(byte[] bytes)
    {
        var budget = _limits.MaxBytes;
        var span = bytes.AsSpan();
        var buffer = new byte[1 << 16];
        for (var at = span.IndexOf("stream"u8); at >= 0;)
        {
            var start = at + "stream".Length;
            var isStart = at < 3 || !span[(at - 3)..at].SequenceEqual("end"u8);
            if (isStart && start < span.Length && span[start] is (byte)'\r' or (byte)'\n')
            {
                start += span[start] == '\r' && start + 1 < span.Length && span[start + 1] == '\n' ? 2 : 1;
                var length = span[start..].IndexOf("endstream"u8);
                if (length < 0)
                    length = span.Length - start;
                budget -= Inflated(bytes, start, length, budget, buffer);
                if (budget < 0)
                    throw new KnowledgeFormatException($"its streams decompress to more than {_limits.MaxBytes:N0} bytes (Knowledge:MaxFileBytes)");
            }
            var next = span[start..].IndexOf("stream"u8);
            at = next < 0 ? -1 : start + next;
        }
    }

    // What one zlib stream inflates to, read no further than just past the budget; 0 when it is not zlib data.
    private static long Inflated(byte[] bytes, int start, int length, long budget, byte[] buffer)
    {
        long total = 0;
        try
        {
            using var zlib = new System.IO.Compression.ZLibStream(new MemoryStream(bytes, start, length), System.IO.Compression.CompressionMode.Decompress);
            int n;
            while (total <= budget && (n = zlib.Read(buffer)) > 0)
                total += n;
        }
        catch (InvalidDataException)
        {
            // Not zlib data, or cut short: what was inflated still counts.
        }
        return total;
    }
}
