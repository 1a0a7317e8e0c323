using Lucene.Net.Analysis;
using Lucene.Net.Analysis.Cjk;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Analysis.Core;
using Lucene.Net.Analysis.En;
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
    public const int AnalysisVersion = 4;

    /// <summary>
    /// SmartCn segmentation of the text simplified (<see cref="ChineseScript"/>), lower-cased, punctuation dropped, full-width folded: <see cref="SmartChineseAnalyzer"/>'s
    /// terms, with its tokenizer replaced by <see cref="HhmmTokenizer"/>, which segments alike without its garbage.
    /// </summary>
    public static Analyzer Words { get; } = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new HhmmTokenizer(reader, HhmmDictionary.Shared);
        TokenStream stream = new PorterStemFilter(tokenizer);
        stream = new StopFilter(Version, stream, SmartChineseAnalyzer.DefaultStopSet);
        return new TokenStreamComponents(tokenizer, stream);
    }, (_, reader) => ChineseScript.Simplifying(reader));

    /// <summary>Standard tokenization of the text simplified, with CJK runs cut into overlapping bigrams; Latin words and numbers stay whole.</summary>
    public static Analyzer Bigrams { get; } = Analyzer.NewAnonymous((_, reader) =>
    {
        var tokenizer = new StandardTokenizer(Version, reader);
        TokenStream stream = new CJKWidthFilter(tokenizer);
        stream = new InvariantLowerCaseFilter(stream);
        stream = new CJKBigramFilter(stream);
        return new TokenStreamComponents(tokenizer, stream);
    }, (_, reader) => ChineseScript.Simplifying(reader));

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

/// <summary>
/// Lower-cases terms with the invariant culture, as <see cref="LowerCaseFilter"/> does, but without its per-character
/// code-point conversions, which took two thirds of the bigram analysis time. Most text is CJK and has no case at all.
/// </summary>
internal sealed class InvariantLowerCaseFilter : TokenFilter
{
    private readonly ICharTermAttribute _term;

    public InvariantLowerCaseFilter(TokenStream input) : base(input) => _term = AddAttribute<ICharTermAttribute>();

    public override bool IncrementToken()
    {
        if (!m_input.IncrementToken())
            return false;
        var buffer = _term.Buffer;
        for (var i = 0; i < _term.Length; i++)
        {
            var c = buffer[i];
            if (c < 0x80)
            {
                if (c is >= 'A' and <= 'Z')
                    buffer[i] = (char)(c + 32);
            }
            else if (char.IsUpper(c))
            {
                buffer[i] = char.ToLowerInvariant(c);
            }
        }
        return true;
    }
}

/// <summary>A token and where it stood in the text.</summary>
public readonly record struct AnalyzedToken(string Term, int Start, int End);
