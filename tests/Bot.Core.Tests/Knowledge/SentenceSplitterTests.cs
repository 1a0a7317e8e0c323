using Bot.Core.Knowledge;

namespace Bot.Core.Tests.Knowledge;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_ChineseAndWesternPunctuation_CutsAfterEachSentence()
    {
        var sentences = SentenceSplitter.Split("第一句。“第二句！”第三句？Fourth one. Fifth");

        Assert.Equal(["第一句。", "“第二句！”", "第三句？", "Fourth one.", "Fifth"], sentences);
    }

    [Fact]
    public void Split_DecimalsAndAbbreviations_AreNotSentenceEnds()
    {
        var sentences = SentenceSplitter.Split("实施优化营商环境6.0版改革方案，引入4.5万人次。The U.S. economy grew.");

        Assert.Equal(["实施优化营商环境6.0版改革方案，引入4.5万人次。", "The U.S. economy grew."], sentences);
    }
}
