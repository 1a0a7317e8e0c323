using Bot.Core.Knowledge;

namespace Bot.Core.Tests.Knowledge;

public sealed class ArticleTests
{
    [Fact]
    public void BodyOffset_EachParagraph_IsWhereItStartsInTheBody()
    {
        var article = new Article("a#1", "标题", ["第一段。", "", "第三段有七个字", "D"], "a.txt");

        for (var p = 0; p < article.Paragraphs.Count; p++)
            Assert.Equal(article.Paragraphs[p], article.Body.Substring(article.BodyOffset(p), article.Paragraphs[p].Length));
        Assert.Equal([0, 5, 6, 14], Enumerable.Range(0, 4).Select(article.BodyOffset));
    }
}
