using Bot.Core.Answering;

namespace Bot.Core.Tests.Answering;

public sealed class CitationTests
{
    [Theory]
    [InlineData("短标题", "短标题")]
    [InlineData("登有望望助创新局 就政府工作听取意见建议，", "登有望望助创新局 就政府工作听取意见建议")]
    [InlineData("把贯彻落实习近平总书记考察上海重要讲话精神 作为今年工作鲜明主题 以比学赶超劲头全力抓好开局起步", "把贯彻落实习近平总书记考察上海重要讲话精神 作为今年工作鲜明主题…")]
    [InlineData("Shanghai opens a new international research centre for electric vehicles", "Shanghai opens a new international…")]
    public void Shorten_CutsAtABoundary(string title, string expected) => Assert.Equal(expected, Citation.Shorten(title));

    [Theory]
    [InlineData(null, "news/xinmin-2024-01-page.txt", "《标题》 2024-01")]
    [InlineData(null, "news/2023_08_15.txt", "《标题》 2023-08-15")]
    [InlineData(null, "news/page.txt", "《标题》")]
    [InlineData("2024-01-05", "news/xinmin-2023-12-page.txt", "《标题》 2024-01-05")]
    public void Label_HasTheDateOfTheArticleOrOfItsFile(string? date, string path, string expected)
    {
        var citation = new Citation("id", "标题", path, date is null ? null : DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), "text", 1);

        Assert.Equal(expected, citation.Label);
    }

    [Fact]
    public void Marked_PutsEachSourcesNumberAfterItsRunOfSentences()
    {
        var answer = new Answer("问？", "甲。乙。丙。", AnswerStatus.Answered, [], TimeSpan.Zero)
        {
            Parts = [new AnswerPart("甲。", 1), new AnswerPart("乙。", 1), new AnswerPart("丙。", 2)],
        };

        Assert.Equal("甲。乙。[1]丙。[2]", answer.Marked);
        Assert.Equal("甲。乙。丙。", answer.Text);
    }
}
