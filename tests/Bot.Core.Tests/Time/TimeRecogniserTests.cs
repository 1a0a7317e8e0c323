using Bot.Core.Search;
using Bot.Core.Time;

namespace Bot.Core.Tests.Time;

public sealed class TimeRecogniserTests
{
    // A Thursday.
    private static readonly DateOnly Thursday = new(2024, 1, 11);

    [Theory]
    [InlineData("2024年1月5日的头版讲了什么？", "2024-01-05", "2024-01-05")]
    [InlineData("1月5日有什么新闻", "2024-01-05", "2024-01-05")]
    [InlineData("5日的报道", "2024-01-05", "2024-01-05")]
    [InlineData("2024-01-05 的新闻", "2024-01-05", "2024-01-05")]
    [InlineData("What happened on Jan 5?", "2024-01-05", "2024-01-05")]
    [InlineData("news of 5 January 2023", "2023-01-05", "2023-01-05")]
    [InlineData("2023年11月的新闻", "2023-11-01", "2023-11-30")]
    [InlineData("12月有哪些报道", "2023-12-01", "2023-12-31")]
    [InlineData("news in December 2023", "2023-12-01", "2023-12-31")]
    [InlineData("2023年上半年，新增装机规模为多少？", "2023-01-01", "2023-06-30")]
    [InlineData("2023年下半年的产量", "2023-07-01", "2023-12-31")]
    [InlineData("一季度GDP增长多少", "2024-01-01", "2024-03-31")]
    [InlineData("2023年第三季度营收", "2023-07-01", "2023-09-30")]
    [InlineData("去年的销量", "2023-01-01", "2023-12-31")]
    [InlineData("今年的计划", "2024-01-01", "2024-12-31")]
    [InlineData("2023年的新闻", "2023-01-01", "2023-12-31")]
    [InlineData("今天有什么新闻？", "2024-01-11", "2024-01-11")]
    [InlineData("昨天金山发生了什么", "2024-01-10", "2024-01-10")]
    [InlineData("前天的消息", "2024-01-09", "2024-01-09")]
    [InlineData("三天前的报道", "2024-01-08", "2024-01-08")]
    [InlineData("最近三天有关于华为的报道吗？", "2024-01-09", "2024-01-11")]
    [InlineData("近一周的新闻", "2024-01-05", "2024-01-11")]
    [InlineData("上周青浦有什么新闻？", "2024-01-01", "2024-01-07")]
    [InlineData("本周的新闻", "2024-01-08", "2024-01-11")]
    [InlineData("上周五的新闻", "2024-01-05", "2024-01-05")]
    [InlineData("上个月的新闻", "2023-12-01", "2023-12-31")]
    [InlineData("What happened in Jinshan yesterday?", "2024-01-10", "2024-01-10")]
    [InlineData("news from last week", "2024-01-01", "2024-01-07")]
    [InlineData("What was reported this month?", "2024-01-01", "2024-01-11")]
    [InlineData("Any news about Huawei in the past 3 days?", "2024-01-09", "2024-01-11")]
    [InlineData("news from 2 days ago", "2024-01-09", "2024-01-09")]
    [InlineData("1月3日至5日的新闻", "2024-01-03", "2024-01-05")]
    [InlineData("12月30日到1月2日的报道", "2023-12-30", "2024-01-02")]
    [InlineData("２０２４年１月５日的新闻", "2024-01-05", "2024-01-05")]
    public void Find_ResolvesEachFormAgainstTheClock(string question, string from, string to)
    {
        var found = Assert.Single(TimeRecogniser.Find(question, Thursday));

        Assert.Equal(new DateRange(DateOnly.Parse(from), DateOnly.Parse(to)), found.Range);
    }

    [Theory]
    [InlineData("地铁5号线什么时候开通？")]
    [InlineData("项目总投资多少亿元？")]
    [InlineData("三个月内完成了多少")]
    [InlineData("What may happen next?")]
    public void Find_WhenNoTimeIsNamed_FindsNothing(string question) =>
        Assert.Empty(TimeRecogniser.Find(question, Thursday));

    [Fact]
    public void Find_OnTheFirstOfAMonth_LastMonthIsTheWholeOfIt()
    {
        var found = Assert.Single(TimeRecogniser.Find("上个月的新闻", new DateOnly(2024, 3, 1)));

        Assert.Equal(new DateRange(new(2024, 2, 1), new(2024, 2, 29)), found.Range);
    }

    [Fact]
    public void Find_EarlyInJanuary_ADateOfDecemberIsLastYears()
    {
        var today = new DateOnly(2024, 1, 2);

        Assert.Equal(new DateOnly(2023, 12, 30), Assert.Single(TimeRecogniser.Find("12月30日的新闻", today)).Range.From);
        Assert.Equal(new DateRange(new(2023, 12, 25), new(2023, 12, 31)), Assert.Single(TimeRecogniser.Find("上周的新闻", today)).Range);
        Assert.Equal(new DateRange(new(2023, 12, 1), new(2023, 12, 31)), Assert.Single(TimeRecogniser.Find("上个月的新闻", today)).Range);
        Assert.Equal(new DateOnly(2023, 12, 31), Assert.Single(TimeRecogniser.Find("前天的新闻", today)).Range.From);
        Assert.Equal(new DateOnly(2023, 12, 5), Assert.Single(TimeRecogniser.Find("5日的新闻", today)).Range.From);
    }

    [Fact]
    public void Find_OnSundayAndMonday_WeeksStartOnMonday()
    {
        var sunday = new DateOnly(2024, 1, 14);
        var monday = new DateOnly(2024, 1, 15);

        Assert.Equal(new DateRange(new(2024, 1, 8), new(2024, 1, 14)), Assert.Single(TimeRecogniser.Find("本周的新闻", sunday)).Range);
        Assert.Equal(new DateRange(new(2024, 1, 1), new(2024, 1, 7)), Assert.Single(TimeRecogniser.Find("上周的新闻", sunday)).Range);
        Assert.Equal(new DateRange(new(2024, 1, 15), new(2024, 1, 15)), Assert.Single(TimeRecogniser.Find("this week's news", monday)).Range);
        Assert.Equal(new DateRange(new(2024, 1, 8), new(2024, 1, 14)), Assert.Single(TimeRecogniser.Find("上周的新闻", monday)).Range);
    }

    [Fact]
    public void Read_AQuestionForNewsIsScoped_AndItsTimeIsNotSearchedFor()
    {
        var reading = TimeRecogniser.Read("上周青浦有什么新闻？", Thursday);

        Assert.Equal(new DateRange(new(2024, 1, 1), new(2024, 1, 7)), reading.Scope);
        Assert.Null(reading.Period);
        Assert.False(QuestionAnalyzer.Analyze(reading.SearchText).IsEmpty);
        Assert.DoesNotContain("上周", reading.SearchText);
        Assert.Contains("青浦", reading.SearchText);
    }

    [Fact]
    public void Read_APeriodInAFactualQuestion_IsAPeriodNotAScope()
    {
        var reading = TimeRecogniser.Read("2023年上半年，新增装机规模为多少？", Thursday);

        Assert.Null(reading.Scope);
        Assert.Equal(new DateRange(new(2023, 1, 1), new(2023, 6, 30)), reading.Period);
        Assert.Contains("2023年上半年", reading.SearchText);
    }

    [Fact]
    public void Read_TwoExpressions_ScopeAndPeriodAreTold()
    {
        var reading = TimeRecogniser.Read("上周关于2023年上半年装机规模的报道说了什么？", Thursday);

        Assert.Equal(2, reading.Expressions.Count);
        // A question about reports scopes by every expression it names: last week and the first half of 2023 together.
        Assert.Equal(new DateRange(new(2023, 1, 1), new(2024, 1, 7)), reading.Scope);

        var days = TimeRecogniser.Read("昨天和今天有什么新闻？", Thursday);
        Assert.Equal(new DateRange(new(2024, 1, 10), new(2024, 1, 11)), days.Scope);
        Assert.True(days.AsksForNews);

        // A factual question that quotes the article's own "昨天" is not scoped: that day is only preferred.
        var fact = TimeRecogniser.Read("临港新片区昨天新增了几家研究院？", Thursday);
        Assert.Null(fact.Scope);
        Assert.Equal(new DateRange(new(2024, 1, 10), new(2024, 1, 10)), fact.Period);
    }

    [Theory]
    [InlineData("今天有什么新闻？", true, true)]
    [InlineData("最近有什么新闻", false, true)]
    [InlineData("what's new", false, true)]
    [InlineData("昨天有什么新闻？", true, true)]
    [InlineData("1月5日的头版讲了什么？", true, true)]
    [InlineData("上周青浦有什么新闻？", true, false)]
    [InlineData("南虹桥签约了多少个项目？", false, false)]
    [InlineData("在1982年，兰比尔发生了什么事情？", false, false)]
    [InlineData("What happened in Jinshan yesterday?", true, false)]
    public void Read_TellsWhatsNewQuestions(string question, bool scoped, bool whatsNew)
    {
        var reading = TimeRecogniser.Read(question, Thursday);

        Assert.Equal(scoped, reading.Scope is not null);
        Assert.Equal(whatsNew, reading.AsksForNews && QuestionAnalyzer.Analyze(reading.SearchText).IsEmpty);
    }

    [Theory]
    [InlineData("zh", "2024-01-01", "2024-01-07", "1月1日至7日")]
    [InlineData("zh", "2024-01-05", "2024-01-05", "1月5日")]
    [InlineData("zh", "2023-12-30", "2024-01-02", "2023年12月30日至2024年1月2日")]
    [InlineData("zh", "2023-11-01", "2023-11-30", "2023年11月1日至30日")]
    [InlineData("en", "2024-01-01", "2024-01-07", "Jan 1–7")]
    [InlineData("en", "2024-01-05", "2024-01-05", "Jan 5")]
    [InlineData("en", "2024-01-30", "2024-02-02", "Jan 30 – Feb 2")]
    public void Format_SaysTheRangeInTheLanguage(string language, string from, string to, string expected) =>
        Assert.Equal(expected, new DateRange(DateOnly.Parse(from), DateOnly.Parse(to)).Format(language, 2024));
}
