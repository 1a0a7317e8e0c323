using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.Miscellaneous;
using Lucene.Net.Analysis.Standard;
using Lucene.Net.Analysis.TokenAttributes;
using Lucene.Net.Util;

namespace Bot.Core.Search;

/// <summary>
/// The two analyses every text gets: SmartCn word segmentation (<c>*_w</c> fields) and character bigrams
/// (<c>*_b</c> fields). Words give precision; bigrams catch what segmentation splits differently (names, OCR slips).
/// </summary>
public static class ChineseAnalysis
{
    internal const LuceneVersion Version = LuceneVersion.LUCENE_48;

    /// <summary>Bumped whenever analysis changes, so that a persisted index built with another analysis is rebuilt.</summary>
    public const int AnalysisVersion = 2;

    /// <summary>SmartCn segmentation, lower-cased, punctuation dropped, full-width folded.</summary>
    public static Analyzer Words { get; } = new SmartChineseAnalyzer(Version);

    /// <summary>Standard tokenization with CJK runs cut into overlapping bigrams; Latin words and numbers stay whole.</summary>
    public static Analyzer Bigrams { get; } = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new CJKWidthFilter(tokenizer);
        stream = new LowerCaseFilter(Version, stream);
        stream = new CJKBigramFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    });

    /// <summary>Per field: <c>*_b</c> fields get bigrams, every other field SmartCn words.</summary>
    public static Analyzer ForIndex { get; } = new PerFieldAnalyzerWrapper(Words, new Dictionary<string, Analyzer>
    {
        [Fields.TitleBigrams] = Bigrams,
        [Fields.BodyBigrams] = Bigrams,
        [Fields.ArticleBigrams] = Bigrams,
    });

    /// <summary>The terms <paramref name="analyzer"/> makes of <paramref name="text"/>.</summary>
    public static List<string> Terms(Analyzer analyzer, string text)
    {
        var terms = new List<string>();
        using var stream = analyzer.GetTokenStream("f", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            terms.Add(term.ToString());
        stream.End();
        return terms;
    }

    /// <summary>Runs <paramref name="analyzer"/> over <paramref name="text"/>.</summary>
    public static List<AnalyzedToken> Tokens(Analyzer analyzer, string text)
    {
        var tokens = new List<AnalyzedToken>();
        using var stream = analyzer.GetTokenStream("f", text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        var offset = stream.AddAttribute<IOffsetAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
            tokens.Add(new AnalyzedToken(term.ToString(), offset.StartOffset, offset.EndOffset));
        stream.End();
        return tokens;
    }
}

/// <summary>A token and where it stood in the text.</summary>
public readonly record struct AnalyzedToken(string Term, int Start, int End);
