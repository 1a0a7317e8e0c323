using Bot.Core.Indexing;
using Bot.Core.Ocr;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Knowledge;

public sealed class PdfReaderOcrTests : IDisposable
{
    private readonly TempFolder _folder = new();

    [Fact]
    public async Task Load_ImageOnlyPdf_ReadsEachPagesPicture()
    {
        var engine = new CountingOcrEngine();
        File.Copy(Path.Combine(Tesseract.Fixtures, "image-only.pdf"), Path.Combine(_folder.Path, "scan.pdf"));

        await using var sp = await CoreFactory.LoadedAsync(_folder.Path, configure: s => s.AddSingleton<IOcrEngine>(engine));
        var articles = sp.GetRequiredService<IKnowledgeStore>().Current.Articles;

        Assert.Equal(2, engine.Calls);
        Assert.Equal(["码头改造第1次完工", "码头改造第2次完工"], articles.Select(a => a.Title));
        // The page's lines are read at 92 and 40: an article's confidence is its own lines' mean, by words.
        Assert.All(articles, a => Assert.Equal(Math.Round((92.0 * 3 + 40 * 12) / 15, 1), a.OcrConfidence));
    }

    [Fact]
    public async Task Load_WhenPdfHasMorePicturePagesThanTheLimit_ReadsTheFirstAndSaysSo()
    {
        var engine = new CountingOcrEngine();
        File.Copy(Path.Combine(Tesseract.Fixtures, "image-only.pdf"), Path.Combine(_folder.Path, "scan.pdf"));

        await using var sp = await CoreFactory.LoadedAsync(_folder.Path, new Dictionary<string, string?> { ["Ocr:MaxPdfPages"] = "1" },
            configure: s => s.AddSingleton<IOcrEngine>(engine));
        var snapshot = sp.GetRequiredService<IKnowledgeStore>().Current;

        Assert.Equal(1, engine.Calls);
        Assert.Equal("码头改造第1次完工", Assert.Single(snapshot.Articles).Title);
        Assert.Contains(snapshot.Load.Warnings, w => w.Contains("Ocr:MaxPdfPages"));
    }

    public void Dispose() => _folder.Dispose();
}
