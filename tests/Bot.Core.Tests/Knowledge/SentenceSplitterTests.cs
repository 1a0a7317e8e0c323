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

    [Fact]
    public void Split_PunctuationInsideAWorksName_DoesNotEndTheSentence()
    {
        var sentences = SentenceSplitter.Split("《卡拉OK.LIVE！‧台北‧我》是张雨生的第六张国语专辑。它很耐听。");

        Assert.Equal(["《卡拉OK.LIVE！‧台北‧我》是张雨生的第六张国语专辑。", "它很耐听。"], sentences);
    }

    [Fact]
    public void Split_UnclosedBookTitleMark_IsIgnored()
    {
        var sentences = SentenceSplitter.Split("这是《一个没有闭合的标记。下一句照常切开。");

        Assert.Equal(["这是《一个没有闭合的标记。", "下一句照常切开。"], sentences);
    }
}
