using System.Text.RegularExpressions;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>
/// A role, title or attribute a question asks for, of a named thing: "上海交通大学党委书记是谁？" asks for 党委书记 of
/// 上海交通大学, "该项目总投资是多少？" for 总投资. An answer must state that attribute: a sentence that names the holder
/// of another role of the same thing (its 校长) does not answer, however much of the question it holds.
/// </summary>
/// <param name="Word">The role or attribute as the question writes it.</param>
/// <param name="Forms">The ways a text may state it ("首席执行官", "CEO"; "成立", "创立").</param>
/// <param name="Thing">What it is asked of, as the question writes it ("上海交通大学"), or empty when the question does not say.</param>
public sealed partial record AskedAttribute(string Word, IReadOnlyList<string> Forms, string Thing)
{
    /// <summary>Where the question writes <see cref="Word"/> (or, for 成立时间, where it asks when).</summary>
    public int At { get; init; }

    /// <summary>
    /// The roles checked: titles a person holds in an organisation or a state, each asked by its name in news questions,
    /// and easily confused with the organisation's other titles (the page that names a university's 校长 and 副校长 says
    /// nothing of its 党委书记). Longer titles first, so that 党委书记 is read before 书记 and 副校长 before 校长. Each has
    /// the other forms a text may write it in.
    /// </summary>
    public static IReadOnlyList<(string Word, string[] Forms)> Roles { get; } =
    [
        ("党委书记", ["党委书记"]), ("总书记", ["总书记"]), ("书记", ["书记"]),
        ("董事长", ["董事长"]), ("副董事长", ["副董事长"]), ("总经理", ["总经理"]), ("首席执行官", ["首席执行官", "CEO"]), ("CEO", ["CEO", "首席执行官"]),
        ("总裁", ["总裁"]), ("创始人", ["创始人"]), ("法定代表人", ["法定代表人", "法人代表"]),
        ("副校长", ["副校长"]), ("校长", ["校长"]), ("副院长", ["副院长"]), ("院长", ["院长"]),
        ("副主席", ["副主席"]), ("主席", ["主席"]), ("副主任", ["副主任"]), ("主任", ["主任"]),
        ("副市长", ["副市长"]), ("市长", ["市长"]), ("省长", ["省长"]), ("区长", ["区长"]), ("县长", ["县长"]), ("局长", ["局长"]),
        ("副部长", ["副部长"]), ("部长", ["部长"]), ("副总统", ["副总统"]), ("总统", ["总统"]), ("副总理", ["副总理"]), ("总理", ["总理"]), ("首相", ["首相"]),
        ("大使", ["大使"]), ("秘书长", ["秘书长"]), ("发言人", ["发言人"]), ("主教练", ["主教练"]), ("教练", ["教练"]), ("队长", ["队长"]),
        ("主编", ["主编"]), ("理事长", ["理事长"]), ("会长", ["会长"]),
    ];

    /// <summary>
    /// The attributes checked: facts of an organisation or a project asked by name, which a sentence about the same thing
    /// can lack while holding a figure or a date of another kind (a 总投资 question answered with the area, a 成立时间
    /// question with the date of a signing).
    /// </summary>
    public static IReadOnlyList<(string Word, string[] Forms)> Attributes { get; } =
    [
        ("总投资", ["总投资", "投资总额", "总投入"]), ("注册资本", ["注册资本"]), ("成立时间", ["成立", "创立", "创建", "组建"]),
        ("总部", ["总部"]), ("占地面积", ["占地"]), ("市值", ["市值"]),
    ];

    /// <summary>The attribute <paramref name="question"/> asks for, or null when it asks for none of <see cref="Roles"/> and <see cref="Attributes"/>.</summary>
    public static AskedAttribute? Of(string question)
    {
        var folded = QuestionAnalyzer.Fold(question);
        foreach (var (word, forms) in Roles)
        {
            var at = RoleAt(folded, word);
            if (at < 0)
                continue;
            // Asked: "R是谁", "R是哪位", "谁是…R", "哪位…R"; not a role the question only names ("李国英部长要求…",
            // "谁饰演的…教练").
            var after = folded[(at + word.Length)..];
            var before = folded[..at];
            if (RoleAskedAfter().IsMatch(after) || (RoleAskedBefore().IsMatch(before) && !RestHasVerb(after)))
                return new AskedAttribute(word, forms, ThingBefore(before)) { At = at };
        }
        foreach (var (word, forms) in Attributes)
        {
            var at = word == "成立时间" ? FoundedAt(folded) : folded.IndexOf(word, StringComparison.Ordinal);
            if (at < 0)
                continue;
            if (word == "成立时间" || AttributeAsked().IsMatch(folded[at..]))
                return new AskedAttribute(word, forms, ThingBefore(folded[..at])) { At = at };
        }
        return null;
    }

    /// <summary>True when <paramref name="sentence"/> states the attribute: one of its forms, not as part of a longer title ("副校长" does not state 校长).</summary>
    public bool StatedIn(string sentence)
    {
        foreach (var form in Forms)
        {
            for (var at = sentence.IndexOf(form, StringComparison.OrdinalIgnoreCase); at >= 0; at = sentence.IndexOf(form, at + 1, StringComparison.OrdinalIgnoreCase))
            {
                if (!Deputy(sentence, at, form))
                    return true;
            }
        }
        return false;
    }

    /// <summary>
    /// True when <paramref name="text"/> (a sentence's passage and its article's title) is about <see cref="Thing"/>: it
    /// holds a short thing (four characters at most: "全国政协") as written, a longer one in two thirds of its character
    /// pairs ("克罗地亚外交和欧洲事务" where the text writes "克罗地亚外交与欧洲事务") or by its first three characters
    /// ("阿根廷代表团" where the text writes "阿根廷大学生男子篮球队"). Always true when the question names no thing.
    /// </summary>
    public bool About(string text)
    {
        if (Thing.Length < 2)
            return true;
        if (Thing.Length <= 4)
            return text.Contains(Thing, StringComparison.OrdinalIgnoreCase);
        var pairs = Enumerable.Range(0, Thing.Length - 1).Select(i => Thing.Substring(i, 2)).Distinct().ToList();
        return text.Contains(Thing[..3], StringComparison.OrdinalIgnoreCase) || pairs.Count(p => text.Contains(p, StringComparison.Ordinal)) * 3 >= pairs.Count * 2;
    }

    /// <summary>The roles of <see cref="Roles"/> that <paramref name="sentence"/> states, longest first, each once (校长 of "副校长" is not counted apart).</summary>
    public static IReadOnlyList<string> RolesIn(string sentence)
    {
        var found = new List<string>();
        var taken = new bool[sentence.Length];
        foreach (var (word, _) in Roles.OrderByDescending(r => r.Word.Length))
        {
            for (var at = sentence.IndexOf(word, StringComparison.Ordinal); at >= 0; at = sentence.IndexOf(word, at + 1, StringComparison.Ordinal))
            {
                if (taken[at..(at + word.Length)].Any(t => t))
                    continue;
                Array.Fill(taken, true, at, word.Length);
                if (!found.Contains(word))
                    found.Add(word);
            }
        }
        return found;
    }

    // Where the question names the role itself, not as part of a longer one: 校长 not in 副校长, 书记 not in 党委书记.
    private static int RoleAt(string folded, string word)
    {
        for (var at = folded.IndexOf(word, StringComparison.OrdinalIgnoreCase); at >= 0; at = folded.IndexOf(word, at + 1, StringComparison.OrdinalIgnoreCase))
        {
            if (Deputy(folded, at, word))
                continue;
            if (Roles.Any(r => r.Word.Length > word.Length && r.Word.Contains(word, StringComparison.Ordinal) && Covers(folded, at, word, r.Word)))
                continue;
            return at;
        }
        return -1;
    }

    // True when the longer title stands in the text where the word does.
    private static bool Covers(string text, int at, string word, string longer)
    {
        var offset = longer.IndexOf(word, StringComparison.Ordinal);
        var start = at - offset;
        return start >= 0 && start + longer.Length <= text.Length && string.Compare(text, start, longer, 0, longer.Length, StringComparison.OrdinalIgnoreCase) == 0;
    }

    // "副校长" written where 校长 is looked for (the word itself not a deputy's title).
    private static bool Deputy(string text, int at, string word) => !word.StartsWith('副') && at > 0 && text[at - 1] == '副';

    // 成立 asked as a time ("何时成立", "成立于哪一年", "成立时间是"): where the asking starts, or -1.
    private static int FoundedAt(string folded) => FoundedAsked().Match(folded) is { Success: true } m ? m.Index : -1;

    // What the attribute is asked of: the words before it, back to the start or to 谁是/哪位, without 的 and 的 before it
    // ("谁是阿根廷代表团的队长" → 阿根廷代表团).
    private static string ThingBefore(string before)
    {
        var asked = RoleAskedBefore().Matches(before).LastOrDefault();
        var text = asked is not null ? before[(asked.Index + asked.Length)..] : ThingStart().Replace(before, "");
        text = ThingEnd().Replace(text, "");
        var cut = text.LastIndexOfAny(['，', ',', '、', '；']);
        if (cut >= 0)
            text = text[(cut + 1)..];
        return new string(text.Where(c => !char.IsWhiteSpace(c) && !char.IsPunctuation(c)).ToArray());
    }

    // A verb after "谁…R": the question asks who did something, the role only names them ("谁是…队长" has none after R).
    private static bool RestHasVerb(string after) => after.Trim('？', '?', '。', ' ', '呢').Length > 0;

    [GeneratedRegex(@"^\s*(是|为|叫|由)?\s*(谁|哪位|哪一位|何人|哪个人|什么人)")]
    private static partial Regex RoleAskedAfter();

    [GeneratedRegex(@"谁(是|担任|出任|任)|哪一?位(是)?|何人(是|担任)")]
    private static partial Regex RoleAskedBefore();

    [GeneratedRegex(@"^[^，。？?]{0,6}?(是|为|有|达|约|在)?\s*(多少|几|多大|多高|哪里|哪儿|在哪|何处|何地|什么地方|哪个城市)")]
    private static partial Regex AttributeAsked();

    [GeneratedRegex(@"(何时|什么时候|哪一年|哪年|哪天|哪一天|几年)[^，。？?]{0,2}成立|成立(于|在|是在)?\s*(何时|什么时候|哪一年|哪年|哪天|哪一天|几年)|成立时间")]
    private static partial Regex FoundedAsked();

    [GeneratedRegex(@"^(请问|新闻中提到的|报道中提到的|报道中的?)")]
    private static partial Regex ThingStart();

    // Words between the thing and what is asked: "…协会是在哪一年成立", "…公司的总部在哪里".
    [GeneratedRegex(@"(的|之|是在|是于|是|在|于|将|于何时|\s)+$")]
    private static partial Regex ThingEnd();
}
