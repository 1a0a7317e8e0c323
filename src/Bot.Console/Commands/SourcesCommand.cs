using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Ocr;
using Microsoft.Extensions.Options;

namespace Bot.Console.Commands;

/// <summary><c>sources</c>: the articles loaded and the files skipped.</summary>
internal static class SourcesCommand
{
    private const int MaxListed = 50;

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await WriteAsync(context, await context.LoadKnowledgeAsync(cancellationToken));
        return 0;
    }

    // The article's date and where it came from; an undated one says what its file's name gives, as its citations show it.
    private static string DateOf(Article a) => a.Date is { } d ? $", {d:yyyy-MM-dd} from {a.DateSource ?? "?"}"
        : Citation.FileDateText(a.SourcePath) is { } named ? $", undated; its file's name says {named}, as answers cite it" : ", undated";

    public static async Task WriteAsync(CommandContext context, KnowledgeSnapshot snapshot)
    {
        var output = context.Output;
        var low = context.Get<IOptions<OcrOptions>>().Value.LowConfidence;
        await output.WriteLineAsync($"{snapshot.Articles.Count} articles in {snapshot.Files.Count} files, {snapshot.Passages.Count} passages:");
        foreach (var a in snapshot.Articles.Take(MaxListed))
            await output.WriteLineAsync($"  {a.Title} ({a.Id}{DateOf(a)}{Ocr(a, low)})");
        if (snapshot.Articles.Count > MaxListed)
            await output.WriteLineAsync($"  … and {snapshot.Articles.Count - MaxListed} more");
        // Articles read poorly are named even past the list: a misread figure is worse than a missing article.
        var poor = snapshot.Articles.Where(a => a.OcrConfidence < low).ToList();
        if (poor.Count > 0)
        {
            await output.WriteLineAsync($"{poor.Count} articles read by OCR with low confidence (under Ocr:LowConfidence {low:F0}): check their pictures");
            foreach (var a in poor.Take(MaxListed))
                await output.WriteLineAsync($"  {a.Title} ({a.Id}{Ocr(a, low)})");
        }
        if (snapshot.Skipped.Count > 0)
        {
            await output.WriteLineAsync($"{snapshot.Skipped.Count} files skipped:");
            foreach (var s in snapshot.Skipped)
                await output.WriteLineAsync($"  {LogText.Safe(s.Path)}: {LogText.Safe(s.Reason)}");
        }
    }

    // ", OCR 91%" for an article read from a picture; ", OCR 54% LOW" when its words' mean confidence is under the bar.
    private static string Ocr(Article article, double low) =>
        article.OcrConfidence is { } c ? $", OCR {c:F0}%{(c < low ? " LOW" : "")}" : "";
}
