using System.Text;
using System.Text.RegularExpressions;
using Bot.Core.Knowledge;

namespace Bot.Core.Search;

/// <summary>
/// Turns a question into search terms. Question words (什么, 哪些, 多少, 是否 …) and function words are removed
/// before bigrams are formed, so that they neither match nor glue themselves to content words ("校长是谁" must
/// not search for "长是" and "是谁").
/// </summary>
public static partial class QuestionAnalyzer
{
    // Question and function words: they say what is asked, not what it is about.
    private static readonly HashSet<string> StopWords =
    [
        "什么", "什么样", "哪些", "哪个", "哪家", "哪位", "哪里", "哪儿", "哪", "哪年", "哪天", "哪一", "一年", "一天", "多少", "几", "是否", "是不是",
        "有没有", "怎么样", "怎样", "怎么", "如何", "为什么", "为何", "何时", "何地", "谁", "吗", "呢", "吧", "啊", "呀", "么",
        "的", "了", "是", "在", "有", "和", "与", "及", "或", "也", "都", "就", "还", "又", "被", "把", "对", "从", "向", "到", "于", "以",
        "请问", "请", "一下", "告诉", "知道", "我", "我们", "你", "你们", "他", "她", "它", "他们", "她们", "它们", "其", "这", "那", "这个", "那个", "这些", "那些",
        "该", "此", "得", "地", "着", "过", "个", "之", "所", "而", "等", "多", "呢", "情况", "哪里", "具体",
        "what", "which", "who", "whom", "whose", "when", "where", "why", "how", "is", "are", "was", "were", "be", "been", "do", "does", "did",
        "the", "a", "an", "of", "in", "on", "at", "to", "for", "from", "by", "with", "and", "or", "i", "you", "he", "she", "it", "they", "we",
        "me", "my", "your", "his", "her", "its", "their", "our", "this", "that", "these", "those", "can", "could", "should", "would", "will",
        "about", "tell", "many", "much", "there", "any", "some", "s",
        "最新", "最近", "近期", "近来", "latest", "recent", "recently", "newest",
    ];

    /// <summary>True for a question or function word (什么, 多少, 的 …): it says what is asked, not what it is about.</summary>
    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>Analyses <paramref name="question"/>.</summary>
    public static AnalyzedQuestion Analyze(string question)
    {
        var text = TextRules.TrimAll(question);
        var folded = Fold(text);
        var tokens = ChineseAnalysis.Tokens(ChineseAnalysis.Words, folded);

        var terms = new List<QueryTerm>();
        var seen = new HashSet<string>();
        foreach (var token in tokens)
        {
            if (!StopWords.Contains(token.Term) && TextRules.IsCjk(token.Term[0]) && seen.Add(token.Term))
                terms.Add(new QueryTerm(token.Term, IsWord: true));
        }

        var bigrams = new List<string>();
        foreach (var token in ChineseAnalysis.Tokens(ChineseAnalysis.Bigrams, Blank(folded, tokens, [])))
        {
            if (StopWords.Contains(token.Term) || !seen.Add("b:" + token.Term))
                continue;
            bigrams.Add(token.Term);
            if (!TextRules.IsCjk(token.Term[0]) && seen.Add(token.Term))
                terms.Add(new QueryTerm(token.Term, IsWord: false));
        }

        // Operators and single digits alone ("[1 TO 9]", "***", "1+1") name nothing to look up; a word or a figure
        // ("94%", "2024") does.
        if (!terms.Any(t => Names(t.Text)) && !bigrams.Any(Names))
            (terms, bigrams) = ([], []);

        return new AnalyzedQuestion(text, TextRules.ContainsCjk(text), Classify(folded), terms, bigrams) { WantsRecent = RecentRegex().IsMatch(folded) };
    }

    private static bool Names(string term) => term.Any(char.IsLetter) || term.Count(char.IsAsciiDigit) >= 2;

    /// <summary>
    /// <paramref name="question"/> folded, with its question and function words blanked out ("，") except
    /// <paramref name="keep"/>: "总投资是多少" → "总投资，多少" when 多少 is kept.
    /// </summary>
    public static string ContentOnly(string question, params string[] keep)
    {
        var folded = Fold(TextRules.TrimAll(question));
        return Blank(folded, ChineseAnalysis.Tokens(ChineseAnalysis.Words, folded), keep);
    }

    // The one way question and function words are blanked out ("，"), so that neither they nor what surrounds them
    // form search bigrams; words in keep stay.
    private static string Blank(string folded, List<AnalyzedToken> tokens, string[] keep)
    {
        var masked = new StringBuilder(folded);
        foreach (var token in tokens)
        {
            if (!StopWords.Contains(token.Term) || keep.Contains(token.Term))
                continue;
            for (var i = token.Start; i < token.End && i < masked.Length; i++)
                masked[i] = '，';
        }
        return masked.ToString();
    }

    /// <summary>
    /// Lower-cases, folds full-width letters, digits and signs to half-width and traditional characters to simplified
    /// (<see cref="ChineseScript"/>), as the index does; one character for one, so positions stay those of the text.
    /// </summary>
    public static string Fold(string text)
    {
        var chars = text.ToCharArray();
        for (var i = 0; i < chars.Length; i++)
            chars[i] = FoldChar(chars[i]);
        return new string(chars);
    }

    /// <summary>One character folded as <see cref="Fold"/> folds it.</summary>
    public static char FoldChar(char c)
    {
        // Chinese characters, kana and CJK punctuation have no case: returned before the culture's case table is asked,
        // which cost 6 % of a question's retrieval when each reranked sentence was folded (docs/benchmarks.md).
        if (c is >= '\u3000' and <= '\u9FFF')
            return ChineseScript.Simplify(c);
        if (c < '\u0080')
            return c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
        if (c is >= '\uFF01' and <= '\uFF5E' && char.IsLetterOrDigit((char)(c - 0xFEE0)))
            c = (char)(c - 0xFEE0);
        return char.ToLowerInvariant(c);
    }

    private static QuestionType Classify(string q)
    {
        if (TimeRegex().IsMatch(q))
            return QuestionType.Time;
        if (QuantityRegex().IsMatch(q))
            return QuestionType.Quantity;
        if (PersonRegex().IsMatch(q))
            return QuestionType.Person;
        if (PlaceRegex().IsMatch(q))
            return QuestionType.Place;
        if (YesNoRegex().IsMatch(q))
            return QuestionType.YesNo;
        return QuestionType.Other;
    }

    [GeneratedRegex(@"最新|最近|近期|近来|\b(latest|recent|recently|newest)\b")]
    private static partial Regex RecentRegex();

    [GeneratedRegex(@"什么时候|何时|哪一?年|哪一?天|哪一?月|几月|几号|几日|哪个月|什么时间|日期|\bwhen\b|what (year|date|time)")]
    private static partial Regex TimeRegex();

    [GeneratedRegex(@"多少|几|多大|多高|多长|多久|多远|多重|\bhow (many|much|long|far|old)\b")]
    private static partial Regex QuantityRegex();

    [GeneratedRegex(@"谁|哪位|什么人|\bwho(m|se)?\b")]
    private static partial Regex PersonRegex();

    [GeneratedRegex(@"哪里|哪儿|在哪|何地|什么地方|哪个|哪些|哪家|哪一|\bwhere\b|\bwhich\b")]
    private static partial Regex PlaceRegex();

    [GeneratedRegex(@"吗[？?]?$|是否|是不是|有没有|了没|\b(is|are|was|were|did|does|do|has|have|can)\b")]
    private static partial Regex YesNoRegex();
}
