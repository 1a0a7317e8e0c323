using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class SourcesCommandTests : IDisposable
{
    private readonly TempFolder _folder = new();

    private void Copy(string fixture, string name) => File.Copy(Path.Combine(Tesseract.Fixtures, fixture), Path.Combine(_folder.Path, name));

    [Fact]
    public async Task SkippedFileWhoseNameHoldsControlCharacters_IsListedEscaped_InSourcesAndOnStderr()
    {
        // A file name can forge a line, or colour the terminal: it is shown as the log shows it.
        File.WriteAllBytes(Path.Combine(_folder.Path, "evil\n\u001b[31mname.txt"), [0, 1, 2, 3, 0, 0, 7, 8]);
        _folder.Write("news.txt", "市图书馆延长夜间开放\n\n本报讯 市图书馆从本周起将夜间开放时间延长到晚上十点。");

        var (code, output, error) = await HarnessRun.RunAsync("", "sources", "--knowledge", _folder.Path, "--index", "memory");
        var (verboseCode, _, verboseError) = await HarnessRun.RunAsync("", "sources", "--knowledge", _folder.Path, "--index", "memory", "--verbose");

        Assert.Equal(0, code);
        Assert.Contains("evil\\n\\u001b[31mname.txt: ", output);
        Assert.Contains("newly skipped: evil\\n\\u001b[31mname.txt (", error);
        Assert.DoesNotContain('\u001b', output + error);
        Assert.Equal(0, verboseCode);
        Assert.Contains("skipped evil\\n\\u001b[31mname.txt: ", verboseError);
        Assert.DoesNotContain('\u001b', verboseError);
    }

    [Fact]
    public async Task UndatedArticle_SaysTheDateItsFileNameGives_AsItsCitationsDo()
    {
        var (code, output, _) = await HarnessRun.RunAsync("", "sources", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(0, code);
        Assert.Contains("(xinmin-2024-01-page.txt#3, undated; its file's name says 2024-01, as answers cite it)", output);
    }

    [Fact]
    public async Task ManySkippedFiles_AreOneWarningOnStderr_NotALineEach()
    {
        foreach (var i in Enumerable.Range(0, 40))
            File.WriteAllBytes(Path.Combine(_folder.Path, $"blank-{i:D2}.txt"), []);
        _folder.Write("news.txt", "市图书馆延长夜间开放\n\n本报讯 市图书馆从本周起将夜间开放时间延长到晚上十点。");

        var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--knowledge", _folder.Path, "--index", "memory", "市图书馆开放到几点？");

        Assert.Equal(0, code);
        Assert.Contains("十点", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries), l => l.Contains("blank-", StringComparison.Ordinal));
        Assert.Contains("40 knowledge files newly skipped (the first 5", line);
    }

    [Fact]
    public async Task Sources_WhenTesseractIsMissing_ListsPicturesAsSkippedForThatReason()
    {
        Copy("page-one-column.png", "page.png");
        _folder.Write("news.txt", "市图书馆延长夜间开放\n\n本报讯 市图书馆从本周起将夜间开放时间延长到晚上十点。");

        var (code, output, _) = await HarnessRun.RunWithSettingsAsync("", new Dictionary<string, string?> { ["Ocr:Command"] = Path.Combine(_folder.Path, "no-such-tesseract") },
            "sources", "--knowledge", _folder.Path, "--index", "memory");

        Assert.Equal(0, code);
        Assert.Contains("市图书馆延长夜间开放 (news.txt#1", output);
        Assert.Matches(@"page\.png: not read: .*install tesseract-ocr tesseract-ocr-chi-sim", output);
    }

    [TesseractFact]
    public async Task Sources_MarksArticlesReadByOcrAndThoseReadPoorly()
    {
        Copy("page-bilevel.tif", "page.tif");

        var (code, output, _) = await HarnessRun.RunWithSettingsAsync("", new Dictionary<string, string?> { ["Ocr:LowConfidence"] = "99.5" },
            "sources", "--knowledge", _folder.Path, "--index", "memory");

        Assert.Equal(0, code);
        Assert.Matches(@"市图书馆延长夜间开放 \(page\.tif#1, undated, OCR \d+% LOW\)", output);
        Assert.Contains("1 articles read by OCR with low confidence (under Ocr:LowConfidence 100)", output);
    }

    [Fact]
    public async Task Sources_WhenAnOcrSettingIsBad_ExitsWith2NamingTheKey()
    {
        var (code, _, error) = await HarnessRun.RunWithSettingsAsync("", new Dictionary<string, string?> { ["Ocr:TimeoutSeconds"] = "0" },
            "sources", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(2, code);
        Assert.Contains("Ocr:TimeoutSeconds", error);
    }

    public void Dispose() => _folder.Dispose();
}
