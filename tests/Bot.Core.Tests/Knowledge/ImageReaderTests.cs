using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Ocr;
using Bot.Core.Tests.Ocr;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Knowledge;

/// <summary>An OCR engine that counts the pictures it is given and reads each as the same short article.</summary>
public sealed class CountingOcrEngine(string? missing = null) : IOcrEngine
{
    private int _calls;

    public int Calls => _calls;

    public Task<string?> MissingAsync(CancellationToken cancellationToken) => Task.FromResult(missing);

    public Task<OcrPage> RecognizeAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        var n = Interlocked.Increment(ref _calls);
        return Task.FromResult(new OcrPage([new OcrLine($"码头改造第{n}次完工", 92, 3), new OcrLine($"本报讯 第{n}座新码头设有4个泊位，日均可接待旅客1.2万人次。", 40, 12)]));
    }
}

public sealed class ImageReaderTests : IDisposable
{
    // The rendered pages are read once for the tests that need the real Tesseract (about a second a page).
    // The rendered pages are read once for the tests that need the real Tesseract (about a second a page).
    private static readonly Lazy<Task<ServiceProvider>> RenderedServices = new(async () => await CoreFactory.LoadedAsync(Tesseract.Fixtures));

    private readonly TempFolder _folder = new();

    private static async Task<IReadOnlyList<Article>> ArticlesOf(string file) =>
        (await RenderedServices.Value).GetRequiredService<IKnowledgeStore>().Current.Articles.Where(a => a.SourcePath == file).ToList();

    [TesseractFact]
    public async Task Load_RenderedPage_ReadsItsTitlesAndKeyFigures()
    {
        var articles = await ArticlesOf("page-one-column.png");

        Assert.Contains(articles, a => a.Title == "江心岛客运码头改造完工" && a.Body.Contains("4个泊位") && a.Body.Contains("1.2万人次"));
        Assert.Contains(articles, a => a.Body.Contains("2.3万名老人") && a.Body.Contains("1800万元"));
        Assert.All(articles, a => Assert.InRange(a.OcrConfidence ?? -1, 50, 100));
    }

    [TesseractFact]
    public async Task Ask_AboutARenderedPage_AnswersFromItAndSaysOcr()
    {
        var services = await RenderedServices.Value;

        var answer = await services.Answerer().AnswerAsync("江心岛客运码头改造后有几个泊位？");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("4个泊位", answer.Text);
        Assert.Equal("page-one-column.png", answer.Sources[0].Path);
        Assert.EndsWith("(OCR)", answer.SourceLines.First());
    }

    [TesseractFact]
    public async Task Load_TwoColumnPage_ReadsTheLeftColumnBeforeTheRight()
    {
        var article = Assert.Single(await ArticlesOf("page-two-columns.jpg"));
        var body = article.Body;

        Assert.Equal("老城区雨水管网改造启动", article.Title);
        // Each column's sentences whole (a row read across both columns would cut them), left before right.
        var left = body.IndexOf("居民出行多有不便", StringComparison.Ordinal);
        var right = body.IndexOf("第二阶段改造西片区管道19公里", StringComparison.Ordinal);
        Assert.True(left >= 0 && right >= 0 && left < right, body);
        Assert.Contains("老城区排水能力将提高到每小时36毫米降雨", body);
        Assert.True(body.IndexOf("第一阶段改造东片区管道26公里", StringComparison.Ordinal) is >= 0 and var first && first < left, body);
    }

    [TesseractFact]
    public async Task Load_ImageOnlyPdf_ReadsItPageByPage()
    {
        var articles = await ArticlesOf("image-only.pdf");

        Assert.Equal(["港区新开两条国际航线", "城西公园完成绿化提升"], articles.Select(a => a.Title));
        Assert.Contains("12班", articles[0].Body);
        Assert.Contains("3500株", articles[1].Body);
        Assert.All(articles, a => Assert.NotNull(a.OcrConfidence));
    }

    [TesseractFact]
    public async Task Load_BilevelTiff_ReadsIt()
    {
        var article = Assert.Single(await ArticlesOf("page-bilevel.tif"));

        Assert.Equal("市图书馆延长夜间开放", article.Title);
        Assert.Contains("420个", article.Body);
    }

    [Fact]
    public async Task Load_WhenPicturesAreABombEmptyOrCutShort_RefusesThemAndLoadsTheRest()
    {
        var engine = new CountingOcrEngine();
        _folder.Write("bomb.png", ImageHeaderTests.PngDeclaring(100_000, 100_000));
        _folder.Write("empty.jpg", []);
        var page = File.ReadAllBytes(Path.Combine(Tesseract.Fixtures, "page-one-column.png"));
        _folder.Write("cut.png", page[..(page.Length / 2)]);
        _folder.Write("good.png", page);
        _folder.Write("news.txt", "市图书馆延长夜间开放\n\n本报讯 市图书馆从本周起将夜间开放时间延长到晚上十点。");

        await using var sp = await CoreFactory.LoadedAsync(_folder.Path, configure: s => s.AddSingleton<IOcrEngine>(engine));
        var snapshot = sp.GetRequiredService<IKnowledgeStore>().Current;

        Assert.Equal(1, engine.Calls);
        Assert.Equal(["good.png", "news.txt"], snapshot.Files);
        Assert.Contains("Ocr:MaxPixels", snapshot.Skipped.Single(s => s.Path == "bomb.png").Reason);
        Assert.Contains("empty", snapshot.Skipped.Single(s => s.Path == "empty.jpg").Reason);
        Assert.Contains("truncated", snapshot.Skipped.Single(s => s.Path == "cut.png").Reason);
    }

    [Fact]
    public async Task Load_WhenTesseractIsMissing_SkipsPicturesWithOneWarningAndLoadsTheRest()
    {
        foreach (var name in new[] { "page-one-column.png", "page-two-columns.jpg", "image-only.pdf" })
            File.Copy(Path.Combine(Tesseract.Fixtures, name), Path.Combine(_folder.Path, name));
        _folder.Write("news.txt", "市图书馆延长夜间开放\n\n本报讯 市图书馆从本周起将夜间开放时间延长到晚上十点。");
        var logs = new ListLoggerProvider();

        await using var sp = await CoreFactory.LoadedAsync(_folder.Path, new Dictionary<string, string?> { ["Ocr:Command"] = Path.Combine(_folder.Path, "no-such-tesseract") }, logs);
        var store = sp.GetRequiredService<IKnowledgeStore>();
        await store.LoadAsync();

        Assert.Equal(["news.txt"], store.Current.Files);
        Assert.Equal(3, store.Current.Skipped.Count(s => s.Reason.Contains("tesseract-ocr tesseract-ocr-chi-sim")));
        Assert.Single(logs.Lines, l => l.StartsWith("Warning Bot.Core.Ocr", StringComparison.Ordinal) && l.Contains("tesseract-ocr-chi-sim"));
    }

    [Fact]
    public async Task Load_WhenOcrIsOff_LeavesPicturesUnread()
    {
        var engine = new CountingOcrEngine();
        File.Copy(Path.Combine(Tesseract.Fixtures, "page-one-column.png"), Path.Combine(_folder.Path, "page.png"));

        await using var sp = await CoreFactory.LoadedAsync(_folder.Path, new Dictionary<string, string?> { ["Ocr:Enabled"] = "false" }, configure: s => s.AddSingleton<IOcrEngine>(engine));

        Assert.Equal(0, engine.Calls);
        Assert.Equal("unsupported file type", Assert.Single(sp.GetRequiredService<IKnowledgeStore>().Current.Skipped).Reason);
    }

    [Fact]
    public async Task Load_WhenAPictureWasReadBefore_DoesNotReadItAgain()
    {
        var engine = new CountingOcrEngine();
        var knowledge = Path.Combine(_folder.Path, "knowledge");
        Directory.CreateDirectory(knowledge);
        File.Copy(Path.Combine(Tesseract.Fixtures, "page-one-column.png"), Path.Combine(knowledge, "page.png"));
        var settings = new Dictionary<string, string?> { ["Knowledge:IndexPath"] = Path.Combine(_folder.Path, "index") };

        await using (var first = await CoreFactory.LoadedAsync(knowledge, settings, configure: s => s.AddSingleton<IOcrEngine>(engine)))
            Assert.Equal(1, engine.Calls);
        // Renamed: the article cache (by name and content) misses; the OCR cache (by content) does not.
        File.Move(Path.Combine(knowledge, "page.png"), Path.Combine(knowledge, "renamed.png"));
        await using var second = await CoreFactory.LoadedAsync(knowledge, settings, configure: s => s.AddSingleton<IOcrEngine>(engine));

        Assert.Equal(1, engine.Calls);
        var article = second.GetRequiredService<IKnowledgeStore>().Current.Articles.First();
        Assert.Equal("renamed.png", article.SourcePath);
        Assert.Equal("码头改造第1次完工", article.Title);
        Assert.NotNull(article.OcrConfidence);
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(_folder.Path, "index", "ocr")));
    }

    [Fact]
    public async Task Load_AfterARestart_KeepsTheOcrConfidenceFromTheArticleCache()
    {
        var engine = new CountingOcrEngine();
        var knowledge = Path.Combine(_folder.Path, "knowledge");
        Directory.CreateDirectory(knowledge);
        File.Copy(Path.Combine(Tesseract.Fixtures, "page-one-column.png"), Path.Combine(knowledge, "page.png"));
        var settings = new Dictionary<string, string?> { ["Knowledge:IndexPath"] = Path.Combine(_folder.Path, "index") };
        double? before;
        await using (var first = await CoreFactory.LoadedAsync(knowledge, settings, configure: s => s.AddSingleton<IOcrEngine>(engine)))
            before = first.GetRequiredService<IKnowledgeStore>().Current.Articles[0].OcrConfidence;

        await using var second = await CoreFactory.LoadedAsync(knowledge, settings, configure: s => s.AddSingleton<IOcrEngine>(engine));

        Assert.Equal(1, engine.Calls);
        Assert.NotNull(before);
        Assert.Equal(before, second.GetRequiredService<IKnowledgeStore>().Current.Articles[0].OcrConfidence);
    }

    public void Dispose() => _folder.Dispose();
}
