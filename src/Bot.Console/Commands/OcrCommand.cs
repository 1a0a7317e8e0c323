using System.Text.Json;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Ocr;
using Microsoft.Extensions.Options;

namespace Bot.Console.Commands;

/// <summary>
/// <c>ocr FILE [--json]</c>: what OCR reads from a picture of a page (or a PDF whose pages have no text) and the articles
/// it would split into, each with its characters and its words' mean confidence, so that an operator can check a scan
/// before dropping it into the knowledge. Nothing is added; the OCR is kept in the cache as a load would keep it.
/// </summary>
internal static class OcrCommand
{
    private static readonly string[] Images = [".png", ".jpg", ".jpeg", ".tif", ".tiff", ".webp"];

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        if (context.Line.Positionals.Count != 1)
            throw new ArgumentException("ocr needs one picture or PDF: bot ocr page.png [--json]");
        var path = context.Line.Positionals[0];
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (!Images.Contains(extension) && extension != ".pdf")
            throw new ArgumentException($"ocr reads pictures ({string.Join(" ", Images)}) and PDFs, not '{extension}'.");
        if (!File.Exists(path))
            throw new FileNotFoundException($"No such file: {path}");
        var ocr = context.Get<PageOcr>();
        if (!ocr.Enabled)
            return await FailAsync(context, "OCR is off (Ocr:Enabled is false)");
        if (await context.Get<IOcrEngine>().MissingAsync(cancellationToken) is { } missing)
            return await FailAsync(context, $"cannot read pictures: {missing}");

        string text;
        double? confidence;
        IReadOnlyList<Article> articles;
        if (extension == ".pdf")
        {
            // A PDF's pages are read by the knowledge reader itself: pages with text as text, the others through OCR.
            var load = context.Get<KnowledgeLoader>().Load(path, cancellationToken);
            if (load.Articles.Count == 0)
                return await FailAsync(context, load.Skipped.FirstOrDefault()?.Reason ?? "no article in it");
            articles = load.Articles;
            text = string.Join("\n\n", articles.Select(a => a.Title + "\n" + a.Body));
            var read = articles.Where(a => a.OcrConfidence is not null).ToList();
            confidence = read.Count > 0 ? read.Average(a => a.OcrConfidence!.Value) : null;
        }
        else
        {
            OcrPage page;
            try
            {
                page = ocr.Read(await File.ReadAllBytesAsync(path, cancellationToken), cancellationToken);
            }
            catch (OcrException e)
            {
                return await FailAsync(context, e.Message);
            }
            text = page.Text;
            confidence = page.Lines.Count > 0 ? page.MeanConfidence : null;
            articles = ImageReader.Split(page, Path.GetFileName(path), Path.GetFileNameWithoutExtension(path), DateExtractor.FromFileName(path));
        }

        var low = context.Get<IOptions<OcrOptions>>().Value.LowConfidence;
        if (context.Line.Flags.Contains("--json"))
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(new OcrJson(path, text, Round(confidence),
                articles.Select(a => new OcrArticleJson(a.Title, a.Date?.ToString("yyyy-MM-dd"), a.Title.Length + a.Body.Length, Round(a.OcrConfidence), a.OcrConfidence < low)).ToList()),
                JsonOutput.Options));
            return 0;
        }
        await context.Output.WriteLineAsync($"{path}: {text.Length} characters read{(confidence is { } c ? $", mean confidence {c:F0}%" : "")}");
        await context.Output.WriteLineAsync(text);
        await context.Output.WriteLineAsync();
        await context.Output.WriteLineAsync($"{articles.Count} articles:");
        foreach (var a in articles)
            await context.Output.WriteLineAsync($"  {a.Title} ({a.Title.Length + a.Body.Length} characters{(a.Date is { } d ? $", {d:yyyy-MM-dd}" : "")}"
                + (a.OcrConfidence is { } ac ? $", OCR {ac:F0}%{(ac < low ? " LOW" : "")}" : "") + ")");
        return 0;
    }

    // One line on stderr and exit 1, as a missing knowledge folder is.
    private static async Task<int> FailAsync(CommandContext context, string why)
    {
        await context.Error.WriteLineAsync($"error: {why}");
        return 1;
    }

    private static double? Round(double? value) => value is { } v ? Math.Round(v, 1) : null;

    private sealed record OcrJson(string File, string Text, double? MeanConfidence, IReadOnlyList<OcrArticleJson> Articles);

    private sealed record OcrArticleJson(string Title, string? Date, int Characters, double? Confidence, bool Low);
}
