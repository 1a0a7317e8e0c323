using Bot.Core.Answering;
using Bot.Core.Knowledge;
using Bot.Core.Search;

namespace Bot.Core.Tests.Answering;

public sealed class GroundedTests
{
    private static ContextBlock Block(string title, string text) =>
        new(new ArticleHit(new Article("a#1", title, [text], "a.txt"), 1, []), text);

    [Fact]
    public void About_CitedPassagesShareNothingWithTheQuestion_IsFalse()
    {
        var question = QuestionAnalyzer.Analyze("华为青浦研发中心建得怎么样了？");

        Assert.False(Grounded.About(question, [Block("崇明生态岛建设", "崇明区农业绿色发展指数全国第一。")]));
    }

    [Fact]
    public void About_OneCitedPassageHoldsTheQuestionsWords_IsTrue()
    {
        var question = QuestionAnalyzer.Analyze("华为青浦研发中心建得怎么样了？");

        Assert.True(Grounded.About(question, [Block("崇明生态岛建设", "崇明区农业绿色发展指数全国第一。"), Block("市委季度工作会议", "华为青浦研发中心基本建成。")]));
    }
}
