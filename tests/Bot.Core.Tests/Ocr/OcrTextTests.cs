using Bot.Core.Ocr;

namespace Bot.Core.Tests.Ocr;

public sealed class OcrTextTests
{
    [Fact]
    public void Join_RemovesSpacesBetweenChineseCharacters_KeepsThoseBetweenLatinWords()
    {
        Assert.Equal("本报讯市图书馆新增座位420个，Hello world", OcrText.Join(["本报讯", "市", "图书馆", "新增", "座位", "420", "个", ",", "Hello", "world"]));
    }

    [Fact]
    public void Repair_RemovesSpacesTesseractPutsInChineseText()
    {
        Assert.Equal("区民政局介绍，三座食堂总投资1800万元，C919客机 Hello world", OcrText.Repair("区 民政 局 介绍 , 三座 食堂 总投资 1800 万元 ， C919 客机 Hello world"));
    }

    [Fact]
    public void EndParagraph_WhenFullStopWasReadAsAHyphen_RestoresIt()
    {
        Assert.Equal("为行动不便的老人送餐。", OcrText.EndParagraph("为行动不便的老人送餐-"));
        Assert.Equal("版本 v1.2-", OcrText.EndParagraph("版本 v1.2-"));
    }
}
