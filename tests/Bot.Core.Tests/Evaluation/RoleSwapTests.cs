using Bot.Core.Evaluation;
using Bot.Core.Ranking;

namespace Bot.Core.Tests.Evaluation;

public sealed class RoleSwapTests
{
    private const string Article = "上海交通大学校长、中科院院士丁奎岭表示，双方要以人才培养为基础。上海交通大学副校长奚立峰介绍了学院。";

    [Fact]
    public void Swap_TheAskedRole_BecomesOneTheArticleNeverStates()
    {
        var swapped = RoleSwap.Swap("上海交通大学校长是谁？", Article, new Random(25));

        Assert.NotNull(swapped);
        var asked = AskedAttribute.Of(swapped);
        Assert.NotNull(asked);
        Assert.NotEqual("校长", asked.Word);
        Assert.False(asked.StatedIn(Article));
        Assert.Equal("上海交通大学" + asked.Word + "是谁？", swapped);
    }

    [Fact]
    public void Swap_TheSameSeed_GivesTheSameSet()
    {
        string?[] Run(int seed)
        {
            var random = new Random(seed);
            string[] questions = ["上海交通大学校长是谁？", "谁是阿根廷代表团的队长？", "南虹桥签约项目的总投资是多少？"];
            return questions.Select(q => RoleSwap.Swap(q, Article, random)).ToArray();
        }

        Assert.Equal(Run(7), Run(7));
        Assert.All(Run(7), Assert.NotNull);
    }

    [Fact]
    public void Swap_AQuestionAskingForNoRole_IsNull() =>
        Assert.Null(RoleSwap.Swap("华为青浦研发中心建得怎么样了？", Article, new Random(25)));
}
