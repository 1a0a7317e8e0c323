using Bot.Core.Search;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Util;

namespace Bot.Core.Tests.Search;

public sealed class ChineseAnalysisTests
{
    [Theory]
    [InlineData("华为青浦研发中心")]
    [InlineData("C919 大飞机 ＡＢＣ Ｃ９１９ 6.0版 94%")]
    [InlineData("ÄÖÜ Straße ΑΒΓ Ωmega İstanbul ДОМ")]
    [InlineData("iPhone 15 Pro 发布会在 Cupertino 举行")]
    public void Bigrams_LowerCaseTheSameAsLucenesLowerCaseFilter(string text)
    {
        var lucene = Analyzer.NewAnonymous((_, reader) =>
        {
            var tokenizer = new StandardTokenizer(LuceneVersion.LUCENE_48, reader);
            TokenStream stream = new CJKWidthFilter(tokenizer);
            stream = new LowerCaseFilter(LuceneVersion.LUCENE_48, stream);
            stream = new CJKBigramFilter(stream);
            return new TokenStreamComponents(tokenizer, stream);
        });

        Assert.Equal(ChineseAnalysis.Terms(lucene, text), ChineseAnalysis.Terms(ChineseAnalysis.Bigrams, text));
    }

    [Fact]
    public void Bigrams_CjkRunsBecomeBigramsAndLatinWordsStayWhole()
    {
        Assert.Equal(["华为", "为青", "青浦", "c919", "6.0", "版"], ChineseAnalysis.Terms(ChineseAnalysis.Bigrams, "华为青浦 C919 6.0版"));
    }
}
