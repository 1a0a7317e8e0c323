using Bot.Core.Search;
using Bot.TestSupport;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Bot.Core.Tests.Search;

public sealed class HhmmTokenizerTests
{
    private static readonly Analyzer SmartCn = new SmartChineseAnalyzer(LuceneVersion.LUCENE_48);

    [Theory]
    [InlineData("华为青浦研发中心基本建成，预计今年投入使用。")]
    [InlineData("新建公\n共停车位 1200 个■ 引语打断了文章")]
    [InlineData("ＡＢＣ１２３ Hello World running 中 国 人民  ☃ €100 ｆｕｌｌ，全角。")]
    [InlineData("“引号”《书名》 A股 5G网络 3.14 abc123 iPhone15Pro 〇一二")]
    [InlineData("")]
    [InlineData("   \n\t　")]
    [InlineData("！？。，")]
    public void Words_AreSmartCnsTermsOffsetsAndPositions(string text)
    {
        Assert.Equal(Tokens(SmartCn, text), Tokens(ChineseAnalysis.Words, text));
    }

    [Fact]
    public void Words_SegmentTheSeedPageLikeSmartCn()
    {
        var text = File.ReadAllText(RepoPaths.SeedPage);

        // Both read the text simplified (the page's OCR left a traditional 創 in "首創性").
        Assert.Equal(Tokens(SmartCn, Simplified(text)), Tokens(ChineseAnalysis.Words, text));
    }

    [Fact]
    public void Words_SegmentNewsLikeSmartCn()
    {
        var texts = SyntheticNews.Articles(300).Select(a => a.Text).ToList();

        var differing = texts.Where(text => !Tokens(SmartCn, Simplified(text)).SequenceEqual(Tokens(ChineseAnalysis.Words, text)));

        Assert.Empty(differing);
    }

    [Fact]
    public void Dictionary_KnowsWordsAndPairsOfTheModel()
    {
        var dictionary = HhmmDictionary.Shared;
        var pair = PairHash.Start;
        pair.Add("中国");
        pair.Add(PairHash.Separator);
        pair.Add("人民");

        Assert.True(dictionary.Frequency("中国") > 0);
        Assert.Equal(0, dictionary.Frequency("国中国"));
        Assert.True(dictionary.PairFrequency(in pair) > 0);
    }

    private static string Simplified(string text) => new([.. text.Select(ChineseScript.Simplify)]);

    private static List<string> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<string>();
        using var stream = analyzer.GetTokenStream("f", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        var position = stream.AddAttribute<IPositionIncrementAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            tokens.Add($"{term}@{offset.StartOffset}-{offset.EndOffset}+{position.PositionIncrement}");
        stream.End();
        tokens.Add($"end@{offset.EndOffset}");
        return tokens;
    }
}
