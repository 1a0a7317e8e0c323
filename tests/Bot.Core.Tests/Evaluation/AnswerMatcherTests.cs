using Bot.Core.Evaluation;

namespace Bot.Core.Tests.Evaluation;

public sealed class AnswerMatcherTests
{
    [Theory]
    [InlineData("完成进度全市第二，率先实现", "全市第二", true)]
    [InlineData("签约于２０２４年", "2024", true)]
    [InlineData("纽顿集团 (NWTN 集团)", "纽顿集团（NWTN集团）", true)]
    [InlineData("全市第一", "全市第二", false)]
    public void Contains_NormalisesWidthSpacesAndPunctuation(string answer, string gold, bool expected)
    {
        Assert.Equal(expected, AnswerMatcher.Contains(answer, [gold]));
    }
}
