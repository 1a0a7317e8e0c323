using Bot.Core.Knowledge;
using Bot.TestSupport;

namespace Bot.Core.Tests.Knowledge;

public sealed class NewspaperPageSplitterTests
{
    private static readonly IReadOnlyList<Article> SeedArticles =
        NewspaperPageSplitter.Split(TextDecoder.Decode(File.ReadAllBytes(RepoPaths.SeedPage)), "seed.txt");

    [Fact]
    public void Split_SeedPage_GivesThreeArticlesWithTheirHeadlines()
    {
        Assert.Equal(3, SeedArticles.Count);
        Assert.Contains("以比学赶超劲头全力抓好开局起步", SeedArticles[0].Title);
        Assert.Contains("陈吉宁主持市委季度工作会议", SeedArticles[0].Title);
        Assert.Contains("龚正主持市政府参事座谈会", SeedArticles[1].Title);
        Assert.Contains("19个重点项目集中签约南虹桥", SeedArticles[2].Title);
        Assert.All(SeedArticles, a => Assert.True(a.HasOwnTitle));
    }

    [Fact]
    public void Split_SeedPage_BodiesDoNotStartWithTheHeadline()
    {
        Assert.StartsWith("本报讯 市委季度工作会议昨天下午举行", SeedArticles[0].Paragraphs[0]);
        Assert.StartsWith("本报讯 (记者 张钰芸)", SeedArticles[2].Paragraphs[0]);
        Assert.DoesNotContain(SeedArticles[0].Paragraphs, p => p.StartsWith("以比学赶超"));
    }

    [Fact]
    public void Split_SeedPage_FindsTheByline()
    {
        Assert.Equal("记者 张钰芸", SeedArticles[2].Byline);
        Assert.Null(SeedArticles[0].Byline);
    }

    [Fact]
    public void Split_ColumnBreakAcrossPullQuote_JoinsTheSentence()
    {
        var body = SeedArticles[0].Body;
        Assert.Contains("新建公共停车位完成进度全市第一", body);
        Assert.Contains("维护国家利益、保障国家安全的高度", body);
        Assert.Contains("要统筹投资促进活动", body);
        Assert.Contains("但在提升教育服务创新发展能力", body);
    }

    [Fact]
    public void Split_ShortLineCutByColumnBreak_IsJoinedNotTakenForAHeadline()
    {
        Assert.Contains("上海交通大学副校长奚立峰介绍道", SeedArticles[2].Body);
        Assert.Contains("虹桥国际商务人才港", SeedArticles[2].Body);
    }

    [Fact]
    public void Split_PullQuote_IsKeptApartFromTheBody()
    {
        var article = SeedArticles[0];
        Assert.Single(article.PullQuotes);
        Assert.DoesNotContain(article.Paragraphs, p => p.Contains('■'));
        // The quote repeats a body sentence: the body holds that sentence once, in its own paragraph.
        Assert.Single(article.Paragraphs, p => p.Contains("为国家试制度、探经验"));
    }

    [Fact]
    public void Split_ListOfAttendingOfficials_StaysInTheBody()
    {
        Assert.Contains(SeedArticles[0].Paragraphs, p => p.StartsWith("市领导李仰哲") && p.Contains("肖贵玉"));
        Assert.Contains(SeedArticles[1].Paragraphs, p => p == "市领导陈通、彭沉雷出席。");
    }

    [Fact]
    public void Split_PlainArticleWithoutHeadline_UsesTheFallbackTitle()
    {
        var articles = NewspaperPageSplitter.Split("第一段文字很长，这里没有任何标题。\n第二段也是正文。", "a.txt", "a");

        var article = Assert.Single(articles);
        Assert.Equal("a", article.Title);
        Assert.False(article.HasOwnTitle);
        Assert.Equal(2, article.Paragraphs.Count);
    }

    [Fact]
    public void Split_WesternWordsCutByColumnBreak_KeepTheirSpace()
    {
        var articles = NewspaperPageSplitter.Split("Headline here\nA subhead\nThe council met on Monday evening to vote on the budget for the\ncoming year, and passed it.", "e.txt");

        var article = Assert.Single(articles);
        Assert.Equal("Headline here A subhead", article.Title);
        Assert.Equal("The council met on Monday evening to vote on the budget for the coming year, and passed it.", Assert.Single(article.Paragraphs));
    }

    [Fact]
    public void Split_ShortUnfinishedDatelineFirst_EndsAndKeepsItAsBody()
    {
        // Found by ReaderFuzzTests: this hung the loader for ever.
        var articles = NewspaperPageSplitter.Split("本报讯 会议昨天下午举行。要深入学习总书", "cut.txt");

        var article = Assert.Single(articles);
        Assert.Equal("本报讯 会议昨天下午举行。要深入学习总书", article.Body);
    }
}
