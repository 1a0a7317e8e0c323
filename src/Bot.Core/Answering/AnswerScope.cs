using System.Text.RegularExpressions;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>Why the knowledge cannot answer a question that retrieval found passages for.</summary>
/// <param name="Thing">What is missing: a name that appears nowhere, or the measured thing of a 多少 question.</param>
/// <param name="Figure">True when the thing is there but no figure is given for it; false when it appears nowhere.</param>
public sealed record ScopeGap(string Thing, bool Figure)
{
    /// <summary>True when <see cref="Thing"/> is a name (a place, organisation, person or product) that no article holds as written.</summary>
    public bool Name { get; init; }

    /// <summary>
    /// The role or attribute asked for (<see cref="AskedAttribute"/>) that no sentence chosen states, with
    /// <see cref="Thing"/> what it is asked of (empty when the question does not say); null for other gaps.
    /// </summary>
    public string? Attribute { get; init; }

    /// <summary>The other roles the chosen sentence states instead ("校长" where 党委书记 was asked), for the reply to name.</summary>
    public IReadOnlyList<string> Given { get; init; } = [];
}

/// <summary>A name a question gives, and the forms the knowledge may write it in (<see cref="AnswerScope.NamedThings"/>).</summary>
/// <param name="Name">The name as the question writes it (folded).</param>
/// <param name="Near">
/// Shorter forms that count as a mention when the first articles retrieved hold every part of one of them: a place
/// without its ending ("曼西" for "曼西市"), an organisation's words apart ("英国", "中央" for "英国中央银行"), a
/// name with a verb glued to it ("习近平" in "习近平为").
/// </param>
public sealed record NamedThing(string Name, IReadOnlyList<IReadOnlyList<string>> Near);

/// <summary>
/// Decides whether the knowledge can hold the answer at all, before an answer is composed or an LLM is asked: a name the
/// question asks about (a place, person, organisation, product or year) that appears nowhere in the knowledge, or a
/// 多少/几 question whose measured thing ("总投资") has no figure in any sentence of the first articles.
/// </summary>
public sealed partial class AnswerScope(RankingWeights weights, IOptions<EmbeddingsOptions> embeddings)
{
    /// <summary>
    /// True when retrieval found enough to answer from: a passage that holds at least <paramref name="minCoverage"/> of
    /// the question's words, or, with an embedding model, a passage whose meaning is near the question's
    /// (<c>Embeddings:MinSimilarity</c>): a paraphrase or a question in another language shares few words with its answer.
    /// </summary>
    public bool Holds(Retrieval retrieval, double minCoverage) =>
        retrieval.Articles.Count > 0 && (retrieval.Coverage >= minCoverage || FoundByMeaning(retrieval));

    /// <summary>True when an embedding model is on: a question in another language can be matched by its meaning.</summary>
    public bool FindsMeaning => embeddings.Value.Enabled;

    /// <summary>
    /// True when the meaning of the question was searched for <paramref name="retrieval"/>: a model is on and it gave the
    /// question's vector (unreachable, failing or not yet through the articles, nothing is found by meaning at all).
    /// </summary>
    public bool SearchedMeaning(Retrieval retrieval) => embeddings.Value.Enabled && retrieval.Meaning != 0;

    /// <summary>True when an embedding model is on and retrieval found a passage near the question in meaning.</summary>
    public bool FoundByMeaning(Retrieval retrieval) =>
        embeddings.Value.Enabled && retrieval.Meaning >= embeddings.Value.MinSimilarity;

    // A term found in the folded question, as the question wrote it ("CEO", not "ceo"): folding keeps each character's
    // place, so the same span of the question is the term as typed.
    private static string AsAsked(string folded, string question)
    {
        var at = QuestionAnalyzer.Fold(question).IndexOf(folded, StringComparison.Ordinal);
        return at >= 0 ? question.Substring(at, folded.Length) : folded;
    }

    /// <summary>The gap that keeps the knowledge from answering <paramref name="question"/>, or null when there is none.</summary>
    public ScopeGap? Find(KnowledgeSnapshot snapshot, AnalyzedQuestion question, Retrieval retrieval)
    {
        // A name in another language or other words ("Huawei" for 华为) is not missing when the meaning was found.
        if (FoundByMeaning(retrieval))
            return null;
        var articles = retrieval.Articles;
        foreach (var name in Names(question))
        {
            if (!snapshot.Index.Mentions(name))
                return new ScopeGap(AsAsked(name, question.Text), Figure: false);
        }
        string? near = null;
        foreach (var named in NamedThings(question.Text))
        {
            if (snapshot.Index.MentionsSequence(named.Name) || VariantCharacters.Others(named.Name).Any(v => snapshot.Index.MentionsSequence(v)))
                continue;
            near ??= string.Join('\n', articles.Take(weights.ArticlesConsidered)
                .Select(h => QuestionAnalyzer.Fold(h.Article.Title + "\n" + h.Article.Body)));
            if (!named.Near.Any(parts => parts.All(p => near.Contains(p, StringComparison.Ordinal))))
                return new ScopeGap(AsAsked(named.Name, question.Text), Figure: false) { Name = true };
        }
        // The measured thing must appear nowhere as well: a figure stated in other words ("收盘价" for "收报684元") is
        // not missing. Checking the first articles alone declined 1.4 % of CRUD-RAG dev questions wrongly.
        if (Measured(question.Text) is { } thing && !snapshot.Index.Mentions(thing) && !FigureFor(snapshot, thing, articles))
            return new ScopeGap(AsAsked(thing, question.Text), Figure: true);
        // A role or attribute asked for must be stated by the sentence chosen (SentenceSelector prefers one that does):
        // the sentence naming the university's 校长 does not answer who its 党委书记 is.
        if (AskedAttribute.Of(question.Text) is { } asked && retrieval.Selected.Count > 0
            && !retrieval.Selected.Any(s => SentenceSelector.States(asked, s)))
        {
            var given = retrieval.Selected.Where(s => asked.About(QuestionAnalyzer.Fold(s.Article.Article.Title + "\n" + s.Passage.Text)))
                .SelectMany(s => AskedAttribute.RolesIn(QuestionAnalyzer.Fold(s.Text))).Where(r => r != asked.Word).Distinct().Take(3).ToList();
            return new ScopeGap(AsAsked(asked.Thing, question.Text), Figure: false) { Attribute = AsAsked(asked.Word, question.Text), Given = given };
        }
        return null;
    }

    // The names a question asks about: the Chinese word it opens with, when it opens with one (the topic: "东京明天的
    // 气温"), any word of three characters or more that ends like a place or organisation ("北京市", "复旦大学"), and
    // Latin words and numbers of two characters or more ("2019", "Tesla"). Other words may be the question's own
    // paraphrase ("排名如何" of "全市第一"), which a small knowledge base need not contain.
    private static IEnumerable<string> Names(AnalyzedQuestion question)
    {
        var first = true;
        var opening = QuestionAnalyzer.Fold(question.Text);
        foreach (var term in question.Terms)
        {
            if (!TextRules.IsCjk(term.Text[0]))
            {
                if (term.Text.Length >= 2 && (term.Text.Any(char.IsLetter) || term.Text.Length >= 4))
                    yield return term.Text;
                continue;
            }
            if ((first && term.Text.Length >= 2 && opening.StartsWith(term.Text, StringComparison.Ordinal))
                || (term.Text.Length >= 3 && NameEndings.Any(term.Text.EndsWith)))
                yield return term.Text;
            first = false;
        }
    }

    /// <summary>
    /// The names <paramref name="question"/> gives, as character sequences whatever the segmenter made of them: a quoted
    /// name ("“望川号”"), a place or organisation by its ending with the characters before it ("望川市" cut into
    /// 望/川/市, "临溪科技公司"), and a run of single characters that forms no known word where a name stands (at the
    /// start, after 在/从/到/与 …, or before 的/和/、: "在望川的…"). Each is missing when no article writes it
    /// (<see cref="KnowledgeIndex.MentionsSequence"/>) and the first articles retrieved hold none of its
    /// <see cref="NamedThing.Near"/> forms: an answer from articles that never name the place is about another place.
    /// </summary>
    public static IReadOnlyList<NamedThing> NamedThings(string question)
    {
        var folded = QuestionAnalyzer.Fold(TextRules.TrimAll(question));
        var names = new List<NamedThing>();
        foreach (Match m in QuotedRegex().Matches(folded))
        {
            var inner = m.Groups[1].Value.Trim();
            if (TextRules.ContainsCjk(inner))
                names.Add(new NamedThing(inner, []));
        }
        var tokens = ChineseAnalysis.Tokens(ChineseAnalysis.Words, folded);
        var used = new bool[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var term = tokens[i].Term;
            if (!IsContent(term) || NameSuffixes.FirstOrDefault(term.EndsWith) is not { } suffix)
                continue;
            if (term.Length >= suffix.Length + 2)
            {
                names.Add(new NamedThing(term, [[term[..^suffix.Length]]]));
                continue;
            }
            if (term.Length != suffix.Length)
                continue;
            // The characters before the ending, up to a name's length: 望/川/市 → 望川市, 杭州/市 → 杭州市.
            var start = i;
            var core = 0;
            while (start > 0 && IsContent(tokens[start - 1].Term) && tokens[start - 1].End == tokens[start].Start
                && core + tokens[start - 1].Term.Length <= MaxNameCore && !NameSuffixes.Contains(tokens[start - 1].Term)
                && !IsBreaker(tokens[start - 1].Term))
            {
                start--;
                core += tokens[start].Term.Length;
            }
            if (core < 2)
                continue;
            // Its words apart, single characters kept together: 英国/中央 → 英国, 中央; 望/川 → 望川.
            var parts = new List<string>();
            for (var j = start; j < i; j++)
            {
                if (tokens[j].Term.Length == 1 && j > start && tokens[j - 1].Term.Length == 1)
                    parts[^1] += tokens[j].Term;
                else
                    parts.Add(tokens[j].Term);
            }
            names.Add(new NamedThing(folded[tokens[start].Start..tokens[i].End], [parts]));
            for (var j = start; j <= i; j++)
                used[j] = true;
        }
        // Runs of single characters (not function words) that the segmenter could not join into a word: a name where a
        // name stands, and anywhere but where a verb stands ("捉获了谁", "被捉获"). An invented name is often cut so and
        // put where no preposition marks it ("抵达栖溪进行准备", "全面澜塘什么责任"): with the position asked, 144 of
        // 160 invented names were declined, without it 156, for 2 more CRUD-RAG dev questions declined (2026-12-03).
        for (var i = 0; i < tokens.Count;)
        {
            var j = i;
            while (j < tokens.Count && !used[j] && tokens[j].Term.Length == 1 && IsContent(tokens[j].Term) && !RunBreakers.Contains(tokens[j].Term[0])
                && (j == i || tokens[j - 1].End == tokens[j].Start))
                j++;
            if (j - i >= 2 && NamePosition(folded, tokens, i, j))
            {
                var run = folded[tokens[i].Start..tokens[j - 1].End];
                // A name with a character glued to it ("习近平为", "康安友辅警" of "辅警康安友"): a window of it will do.
                var window = Math.Max(2, run.Length - 2);
                names.Add(new NamedThing(run, run.Length >= 3
                    ? Enumerable.Range(0, run.Length - window + 1).Select(k => (IReadOnlyList<string>)[run.Substring(k, window)]).ToList()
                    : []));
            }
            else if (j - i >= 2 && !VerbPosition(folded, tokens, i, j))
            {
                // Elsewhere a run may be words the segmenter did not know ("可跑", "会讲"): it is a name only when the first
                // articles hold none of its characters.
                var run = folded[tokens[i].Start..tokens[j - 1].End];
                names.Add(new NamedThing(run, run.Select(c => (IReadOnlyList<string>)[c.ToString()]).ToList()));
            }
            i = Math.Max(j, i + 1);
        }
        return names.DistinctBy(n => n.Name).ToList();
    }

    // Where a name stands: the question opens with it, or a preposition or conjunction comes before it, or 的 after it.
    private static bool NamePosition(string folded, List<AnalyzedToken> tokens, int first, int end)
    {
        var before = folded[..tokens[first].Start].TrimEnd();
        if (before.Length == 0 || before[^1] is '，' or ',' or '、' or '“' or '"')
            return true;
        if (before[^1] is '在' or '从' or '到' or '与' or '和' or '对' or '向' or '于' or '及' or '同')
            return true;
        var after = folded.AsSpan(tokens[end - 1].End);
        return !after.IsEmpty && after[0] is '的' or '和' or '与' or '及' or '、' or '，' or ',';
    }

    // Where a verb stands: after the passive 被, or before an aspect particle (了, 过, 着). A name takes neither.
    private static bool VerbPosition(string folded, List<AnalyzedToken> tokens, int first, int end) =>
        (tokens[first].Start > 0 && folded[tokens[first].Start - 1] == '被')
        || (tokens[end - 1].End < folded.Length && folded[tokens[end - 1].End] is '了' or '过' or '着');

    // Single characters that are verbs, measure words, particles and the interrogative 何 ("因何罪") in a question, not
    // parts of a name: a run stops at them.
    private const string RunBreakers = "何为将应做来因说曾占中时至后要用收报跌涨走高低元每吨克号厂队方前内外上下年月日个家项名次等由给让比向往共已并仍再被";

    // A single character that ends a name where it stands before one ("民国二年南田县": 年 and the number before it are not
    // the county's name, which is 南田县).
    private static bool IsBreaker(string term) => term.Length == 1 && (RunBreakers.Contains(term[0]) || NumberCharacters.Contains(term[0]));

    private const string NumberCharacters = "零一二两三四五六七八九十百千万亿";

    private static bool IsContent(string term) => term.Length > 0 && TextRules.IsCjk(term[0]) && !QuestionAnalyzer.IsStopWord(term);

    // Characters of a name before its ending: "乌鲁木齐" (4); longer runs are a description ("新能源汽车公司").
    private const int MaxNameCore = 4;

    private static readonly string[] NameSuffixes =
    [
        "省", "市", "县", "区", "镇", "乡", "村", "公司", "集团", "大学", "学院", "医院", "银行",
    ];

    [GeneratedRegex(@"[“""「『《]([^”""」』》，、。]{2,5})[”""」』》]")]
    private static partial Regex QuotedRegex();

    private static readonly string[] NameEndings =
    [
        "省", "市", "县", "州", "国", "镇", "村", "岛", "大学", "学院", "公司", "集团", "银行", "医院", "政府", "协会", "委员会", "研究院", "研究所",
    ];

    /// <summary>
    /// The thing a 多少/几 question measures, in whole words: the word after a measure word ("多少名在职党员" → 在职),
    /// else the words just before, up to three characters ("总投资是多少" → 总投资), passing over a word that only says
    /// a figure is asked for ("车型数量是多少" → 车型). Null for other questions and for ordinals ("第几").
    /// </summary>
    public static string? Measured(string question)
    {
        var content = QuestionAnalyzer.ContentOnly(question, "多少", "几");
        var folded = QuestionAnalyzer.Fold(TextRules.TrimAll(question));
        var tokens = ChineseAnalysis.Tokens(ChineseAnalysis.Words, content);
        var at = tokens.FindIndex(t => t.Term is "多少" or "几");
        if (at < 0 || (at > 0 && tokens[at - 1].Term == "第") || content[..tokens[at].Start].EndsWith('第'))
            return null;
        // After: "多少名在职党员", "几个项目" (a measure word may be blanked out as a function word).
        var next = at + 1;
        if (next < tokens.Count && tokens[next].Term.Length == 1 && MeasureWords.Contains(tokens[next].Term[0]))
            next++;
        if (next < tokens.Count && next > at + 1 && IsWord(tokens[next]) && Adjacent(content, tokens[next - 1].End, tokens[next].Start))
            return tokens[next].Term;
        // Before: the last word of two characters or more before 多少 (single characters between are particles and
        // measure words: "车辆数达到多少" → 车辆), with a 总 or 净 before it ("总投资").
        for (var i = at - 1; i >= 0 && Adjacent(content, tokens[i].End, tokens[i + 1].Start); i--)
        {
            if (!IsWord(tokens[i]) || FigureWords.Contains(tokens[i].Term))
                continue;
            // A verb measures nothing itself ("达到了多少", "增加了多少", "设有多少"): no check.
            if (ChangeVerbs.Contains(tokens[i].Term) || (tokens[i].End < folded.Length && "了到有出过".Contains(folded[tokens[i].End])))
                return null;
            var prefix = i > 0 && tokens[i - 1].Term is "总" or "净" && tokens[i - 1].End == tokens[i].Start ? tokens[i - 1].Term : "";
            return prefix + tokens[i].Term;
        }
        return null;
    }

    private static bool IsWord(AnalyzedToken token) => token.Term.Length >= 2 && TextRules.IsCjk(token.Term[0]);

    // Nothing but blanked function words ("，") between the two offsets.
    private static bool Adjacent(string content, int end, int start) => start >= end && content.AsSpan(end, start - end).Trim('，').IsEmpty;

    private const string MeasureWords = "个家项名人次位条所座件台辆种批元";

    // Verbs of amount and change: what follows them is the figure, they are not what it measures.
    private static readonly HashSet<string> ChangeVerbs =
    [
        "达到", "增加", "减少", "增长", "下降", "上涨", "下跌", "提高", "降低", "超过", "变化", "突破", "上调", "下调", "覆盖", "接收", "推出", "设有", "共有", "拥有",
    ];

    // Words that say a figure is asked for, not what it measures; 百分之 of 百分之几 asks for a share, which the text may
    // write "94%" or "百分之九十四".
    private static readonly HashSet<string> FigureWords =
    [
        "百分之", "百分",
        "数量", "数目", "人数", "总数", "数字", "比例", "百分比", "比重", "占比", "增长率", "增速", "增幅", "幅度", "金额", "总额", "规模",
        "价格", "费用", "年龄", "面积", "长度", "高度", "速度", "水平", "程度", "数额", "总量", "次数", "级别", "等级",
    ];

    // True when a sentence of the first articles holds the measured thing and a figure.
    private bool FigureFor(KnowledgeSnapshot snapshot, string thing, IReadOnlyList<ArticleHit> articles)
    {
        foreach (var hit in articles.Take(weights.ArticlesConsidered))
        {
            foreach (var passage in snapshot.PassagesOf(hit.Article).Take(weights.MaxPassagesPerArticle))
            {
                if (!passage.Text.Contains(thing, StringComparison.Ordinal))
                    continue;
                for (var s = 0; s < passage.SentenceCount; s++)
                {
                    var sentence = passage.Sentence(s);
                    if (sentence.Contains(thing, StringComparison.Ordinal) && AnswerEvidence.Holds(QuestionType.Quantity, sentence, ""))
                        return true;
                }
            }
        }
        return false;
    }
}
