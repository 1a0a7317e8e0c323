using Bot.Core.Knowledge;

namespace Bot.Core.Tests.Knowledge;

public sealed class DateExtractorTests
{
    [Theory]
    [InlineData("本报讯 2024年1月5日，市委召开会议。", 2024, 1, 5)]
    [InlineData("Posted 2023-07-21 by staff", 2023, 7, 21)]
    [InlineData("日期：2024/02/29", 2024, 2, 29)]
    public void FromText_FullDate_IsFound(string text, int year, int month, int day)
    {
        Assert.Equal(new DateOnly(year, month, day), DateExtractor.FromText(text));
    }

    [Theory]
    [InlineData("2024年虹桥国际中央商务区签约活动")]
    [InlineData("2023年2月30日不存在")]
    [InlineData("没有日期")]
    public void FromText_NoFullValidDate_IsNull(string text)
    {
        Assert.Null(DateExtractor.FromText(text));
    }

    [Theory]
    [InlineData("07-21 10:20")]
    [InlineData("7-9 08:15")]
    public void Parse_WithoutAYear_GivesNoDate(string value) => Assert.Null(DateExtractor.Parse(value));

    [Fact]
    public void Parse_IsoTimestamp_GivesTheDate()
    {
        Assert.Equal(new DateOnly(2024, 1, 5), DateExtractor.Parse("2024-01-05T08:00:00+08:00"));
    }
}
