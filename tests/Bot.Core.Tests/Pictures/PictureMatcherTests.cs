using Bot.Core.Ocr;
using Bot.Core.Pictures;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using static Bot.TestSupport.PictureArticles;

namespace Bot.Core.Tests.Pictures;

public sealed class PictureMatcherTests : IAsyncLifetime
{
    private readonly TempFolder _knowledge = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        File.Copy(Path.Combine(RepoPaths.SeedKnowledge, "xinmin-2024-01-page.txt"), Path.Combine(_knowledge.Path, "xinmin-2024-01-page.txt"));
        File.WriteAllText(Path.Combine(_knowledge.Path, "binjiang-2024-03-01.txt"), string.Join("\n", Canteens) + "\n");
        File.WriteAllText(Path.Combine(_knowledge.Path, "pier-2024-03-02.txt"), string.Join("\n", Pier) + "\n");
        File.WriteAllText(Path.Combine(_knowledge.Path, "binjiang-2024-06-15.txt"), string.Join("\n", CanteensLater) + "\n");
        _services = await CoreFactory.LoadedAsync(_knowledge.Path);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _knowledge.Dispose();
    }

    private PictureMatch Match(params string[] lines) =>
        _services.GetRequiredService<PictureMatcher>().Match(new OcrPage(lines.Select(l => new OcrLine(l, 90, 10)).ToList()));

    [Fact]
    public void Match_OfAPictureWithReadingErrors_NamesTheArticle()
    {
        // What Tesseract read of page-one-column.png: "用和餐", "招莫志原者", a "-" for the last full stop.
        var match = Match(Canteens[0], Canteens[1], Canteens[2],
            "区民政局介绍，三座食堂总投资1800万元，每座可同时容纳160人用和餐，八十岁以上老人每餐只需6元，区里还将招莫志原者为行动不便的老人送餐-");

        Assert.Equal("binjiang-2024-03-01.txt", match.Article?.SourcePath);
        Assert.True(match.Overlap >= PictureMatcher.MinOverlap, $"overlap {match.Overlap}");
    }

    [Fact]
    public void Match_NamesTheLaterReportsOnTheShownArticlesSubject_AndNoOthers()
    {
        var match = Match(Canteens);

        Assert.Equal(["binjiang-2024-06-15.txt"], match.Later.Select(a => a.SourcePath));
        Assert.Empty(Match(Pier).Later);
    }

    [Fact]
    public void Match_OfAWholePage_NamesEveryArticleOnIt_TheLargestFirst()
    {
        var match = Match([.. Canteens, .. Pier]);

        Assert.Equal(["binjiang-2024-03-01.txt", "pier-2024-03-02.txt"], match.Matches.Select(a => a.SourcePath));
    }

    [Fact]
    public void Match_OfPartOfAClipping_NamesTheArticle()
    {
        var match = Match(Canteens[3]);

        Assert.Equal("binjiang-2024-03-01.txt", match.Article?.SourcePath);
    }

    [Fact]
    public void Match_OfAnArticleNotInTheKnowledge_NamesNone()
    {
        var match = Match(Drains);

        Assert.Null(match.Article);
        Assert.True(match.Overlap < PictureMatcher.MinOverlap, $"overlap {match.Overlap}");
        Assert.Equal("老城区雨水管网改造启动", match.Read[0].Title);
    }

    [Fact]
    public void Match_OfAnotherReportSharingTheArticlesPhrases_NamesNone()
    {
        // Not in the knowledge, written to share the canteen article's phrases: its overlap is 0.51.
        var match = Match("滨江区社区食堂招募志愿者",
            "本报讯 滨江区三座社区食堂昨天开始招募志愿者，为行动不便的老人送餐，首批招募200人。报名者需年满十八岁，每周至少服务半天。");

        Assert.Null(match.Article);
    }

    [Fact]
    public void Match_OfAHeadlineAlone_NamesNone()
    {
        Assert.Null(Match(Canteens[0]).Article);
    }
}
