using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class OcrCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    private static string Fixture(string name) => Path.Combine(Tesseract.Fixtures, name);

    private Task<(int Code, string Output, string Error)> RunAsync(params string[] args) =>
        HarnessRun.RunWithSettingsAsync("", new Dictionary<string, string?> { ["Knowledge:Path"] = _folder.Path }, ["ocr", .. args, "--index", "memory"]);

    [TesseractFact]
    public async Task Ocr_PrintsTheTextAndTheArticlesWithTheirConfidences()
    {
        var (code, output, error) = await RunAsync(Fixture("page-one-column.png"));

        Assert.True(code == 0, error);
        Assert.Contains("滨江区昨天宣布", output);
        Assert.Contains("2 articles:", output);
        Assert.Matches(@"  滨江区新建三座社区食堂 首批服务老人2\.3万名 \(\d+ characters, OCR \d+%\)", output);
        Assert.Matches(@"  江心岛客运码头改造完工 \(\d+ characters, OCR \d+%\)", output);
        Assert.Empty(Directory.GetFiles(_folder.Path));
    }

    [TesseractFact]
    public async Task Ocr_Json_GivesEachArticlesTitleCharactersAndConfidence_AndReadsAnImagePdfPageByPage()
    {
        var (code, output, error) = await RunAsync(Fixture("image-only.pdf"), "--json");

        Assert.True(code == 0, error);
        using var json = JsonDocument.Parse(output);
        var articles = json.RootElement.GetProperty("articles").EnumerateArray().ToList();
        Assert.Equal(["港区新开两条国际航线", "城西公园完成绿化提升"], articles.Select(a => a.GetProperty("title").GetString()));
        Assert.All(articles, a => Assert.True(a.GetProperty("characters").GetInt32() > 30));
        Assert.All(articles, a => Assert.InRange(a.GetProperty("confidence").GetDouble(), 1, 100));
        Assert.Contains("5.6公里", json.RootElement.GetProperty("text").GetString());
    }

    [Fact]
    public async Task Ocr_WhenTesseractIsMissing_SaysSoInOneLine_AndExits1()
    {
        var (code, output, error) = await HarnessRun.RunWithSettingsAsync("",
            new Dictionary<string, string?> { ["Knowledge:Path"] = _folder.Path, ["Ocr:Command"] = Path.Combine(_folder.Path, "no-such-tesseract") },
            "ocr", Fixture("page-one-column.png"), "--index", "memory");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        // The engine's own warning is logged beside it; the command's verdict is one line.
        var verdict = Assert.Single(error.Trim().Split('\n'), l => l.StartsWith("error:", StringComparison.Ordinal));
        Assert.StartsWith("error: cannot read pictures:", verdict);
        Assert.Contains("install tesseract-ocr", error);
    }

    [Fact]
    public async Task Ocr_OfAMissingFile_SaysSoAndExits1_AndOfAnotherTypeExits2()
    {
        var missing = await RunAsync(Path.Combine(_folder.Path, "nothing.png"));
        var wrongType = await RunAsync(Path.Combine(_folder.Path, "news.txt"));
        var none = await HarnessRun.RunWithSettingsAsync("", new Dictionary<string, string?> { ["Knowledge:Path"] = _folder.Path }, "ocr");

        Assert.Equal(1, missing.Code);
        Assert.Contains("No such file", missing.Error);
        Assert.Equal(2, wrongType.Code);
        Assert.Contains("ocr reads pictures", wrongType.Error);
        Assert.Equal(2, none.Code);
    }

    // Without Tesseract the command stops before it reads the picture (Ocr_WhenTesseractIsMissing_…).
    [TesseractFact]
    public async Task Ocr_OfABrokenPicture_SaysWhyAndExits1()
    {
        var path = Path.Combine(_folder.Path, "cut.png");
        File.WriteAllBytes(path, File.ReadAllBytes(Fixture("page-one-column.png"))[..2000]);

        var (code, _, error) = await RunAsync(path);

        Assert.Equal(1, code);
        Assert.Contains("truncated PNG", error);
    }
}
