using System.Text.RegularExpressions;

namespace Bot.Core.Time;

/// <summary>
/// Finds the time expressions of a question, Chinese and English, and resolves them against today: dates ("2024年1月5日",
/// "1月5日", "5日", "2024-01-05", "Jan 5"), months, quarters and halves ("2023年上半年", "一季度"), years ("去年", "2023年"),
/// days and weeks said from today ("昨天", "三天前", "最近三天", "近一周", "上周", "本周", "上个月", "yesterday", "last week",
/// "in the past 3 days"), and ranges ("1月3日至5日"). Weeks start on Monday; a date without a year is the latest such
/// date not after today.
/// </summary>
/// <remarks>
/// A hand-written grammar, one rule a form: Microsoft.Recognizers.Text.DateTime, the well-kept recogniser that would be
/// the first choice, restores on no version the package source of this build serves.
/// </remarks>
public static partial class TimeRecogniser
{
    private delegate TimeExpression? Rule(Match match, DateOnly today);

    // Longer forms first: a span claimed by one rule is not matched again by a later one ("1月3日至5日" is not also "5日").
    private static readonly (Regex Pattern, Rule Resolve)[] Rules =
    [
        (ZhRange(), ResolveZhRange),
        (ZhFullDate(), (m, t) => Day(m, Date(Int(m, 1), Int(m, 2), Int(m, 3)), relative: false)),
        (IsoDate(), (m, t) => Day(m, Date(Int(m, 1), Int(m, 2), Int(m, 3)), relative: false)),
        (EnMonthDay(), (m, t) => Day(m, Latest(t, m.Groups[3].Success ? Int(m, 3) : null, Month(m.Groups[1].Value), Int(m, 2)), relative: false)),
        (EnDayMonth(), (m, t) => Day(m, Latest(t, m.Groups[3].Success ? Int(m, 3) : null, Month(m.Groups[2].Value), Int(m, 1)), relative: false)),
        (ZhHalf(), ResolveHalf),
        (ZhQuarter(), ResolveQuarter),
        (ZhYearMonth(), (m, t) => MonthOf(m, Int(m, 1), Int(m, 2), t, relative: false)),
        (ZhMonthDay(), (m, t) => Day(m, Latest(t, null, Int(m, 1), Int(m, 2)), relative: false)),
        (ZhDay(), ResolveDayOfMonth),
        (EnMonthYear(), (m, t) => MonthOf(m, Int(m, 2), Month(m.Groups[1].Value), t, relative: false)),
        (ZhMonth(), (m, t) => MonthOf(m, null, Int(m, 1), t, relative: false)),
        (ZhYear(), (m, t) => YearOf(m, Int(m, 1), relative: false)),
        (EnYear(), (m, t) => YearOf(m, Int(m, 1), relative: false)),
        (ZhRelativeYear(), (m, t) => YearOf(m, t.Year - YearsBack(m.Value), relative: true)),
        (EnRelativeYear(), (m, t) => YearOf(m, m.Groups[1].Value == "last" ? t.Year - 1 : t.Year, relative: true)),
        (ZhDaysAgo(), (m, t) => Number(m.Groups[1].Value) is { } n ? Day(m, t.AddDays(-n), relative: true) : null),
        (EnDaysAgo(), (m, t) => Number(m.Groups[1].Value) is { } n ? Day(m, t.AddDays(-n), relative: true) : null),
        (ZhRecent(), (m, t) => Recent(m, t, m.Groups[1].Value, m.Groups[2].Value)),
        (EnRecent(), (m, t) => Recent(m, t, m.Groups[1].Value, m.Groups[2].Value)),
        (EnPastUnit(), (m, t) => Recent(m, t, "1", m.Groups[1].Value)),
        (ZhWeekDay(), ResolveWeekDay),
        (ZhWeek(), (m, t) => Week(m, t, m.Groups[1].Value.StartsWith('上') ? -1 : 0)),
        (EnWeek(), (m, t) => Week(m, t, m.Groups[1].Value == "last" ? -1 : 0)),
        (ZhMonthRelative(), (m, t) => RelativeMonth(m, t, m.Value.StartsWith('上') ? -1 : 0)),
        (EnMonthRelative(), (m, t) => RelativeMonth(m, t, m.Groups[1].Value == "last" ? -1 : 0)),
        (Days(), ResolveNamedDay),
    ];

    /// <summary>The time expressions of <paramref name="text"/>, in order, resolved against <paramref name="today"/>.</summary>
    public static IReadOnlyList<TimeExpression> Find(string text, DateOnly today)
    {
        var folded = Fold(text);
        var claimed = new bool[folded.Length];
        var found = new List<TimeExpression>();
        foreach (var (pattern, resolve) in Rules)
        {
            foreach (Match m in pattern.Matches(folded))
            {
                if (Enumerable.Range(m.Index, m.Length).Any(i => claimed[i]) || resolve(m, today) is not { } expression)
                    continue;
                Array.Fill(claimed, true, m.Index, m.Length);
                found.Add(expression);
            }
        }
        return found.OrderBy(e => e.Start).ToList();
    }

    /// <summary>
    /// Reads what <paramref name="question"/> says about time. Its expressions scope the articles when the question asks for
    /// news, reports or what happened ("上周青浦有什么新闻", "1月5日的头版", "What happened in Jinshan yesterday?"); in a
    /// factual question ("2023年上半年，新增装机规模为多少？", "临港新片区昨天新增了几家研究院？", where "昨天" is the
    /// article's own word) the first is the period of the fact asked about, which excludes nothing. Several scoping
    /// expressions scope to the days they span together.
    /// </summary>
    public static TimeReading Read(string question, DateOnly today)
    {
        var expressions = Find(question, today);
        var folded = Fold(question);
        var news = NewsWords().Matches(folded);
        var whatsNew = WhatsNew().Matches(folded);
        if (expressions.Count == 0 && whatsNew.Count == 0)
            return TimeReading.None(question);

        // "发生了什么" asks for news only about days said from today: "1982年，兰比尔发生了什么？" asks a fact of history.
        var happened = Happened().Matches(folded);
        var scoping = news.Count > 0 ? expressions
            : happened.Count > 0 ? expressions.Where(e => e.Relative && e.Unit is TimeUnit.Day or TimeUnit.Span or TimeUnit.Week or TimeUnit.Month).ToList()
            : [];
        var scope = scoping.Count == 0 ? null : new DateRange(scoping.Min(e => e.Range.From), scoping.Max(e => e.Range.To));
        var period = expressions.Except(scoping).Select(e => e.Range).FirstOrDefault();

        // The words that say "news" and the scoping expressions name no content to search for.
        var search = folded.ToCharArray();
        if (scope is not null || whatsNew.Count > 0)
        {
            foreach (var e in scoping)
                Array.Fill(search, '，', e.Start, e.Length);
            foreach (Match m in news.Concat(happened).Concat(whatsNew).Concat(AsksContent().Matches(folded)))
                Array.Fill(search, '，', m.Index, m.Length);
        }
        var searchText = new string(search);
        var asksForNews = whatsNew.Count > 0 || (scope is not null && news.Count + happened.Count > 0);
        return new TimeReading(expressions, scope, scope is null ? period : null, searchText, asksForNews);
    }

    // Full-width digits and letters to half-width, lower case: as the index folds (QuestionAnalyzer.Fold), one character for one.
    private static string Fold(string text) => string.Create(text.Length, text, (chars, source) =>
    {
        for (var i = 0; i < chars.Length; i++)
        {
            var c = source[i];
            if (c is >= '\uFF01' and <= '\uFF5E' && char.IsLetterOrDigit((char)(c - 0xFEE0)))
                c = (char)(c - 0xFEE0);
            chars[i] = char.ToLowerInvariant(c);
        }
    });

    private static TimeExpression? ResolveZhRange(Match m, DateOnly today)
    {
        var fromMonth = Int(m, 2);
        var toMonth = m.Groups[4].Success ? Int(m, 4) : fromMonth;
        var from = m.Groups[1].Success ? Date(Int(m, 1), fromMonth, Int(m, 3)) : Latest(today, null, fromMonth, Int(m, 3));
        if (from is not { } f)
            return null;
        var to = Date(toMonth < fromMonth ? f.Year + 1 : f.Year, toMonth, Int(m, 5));
        return to is { } t && t >= f ? new TimeExpression(m.Index, m.Length, new DateRange(f, t), false, TimeUnit.Span) : null;
    }

    private static TimeExpression? ResolveHalf(Match m, DateOnly today)
    {
        var relative = !m.Groups[1].Success;
        var year = m.Groups[1].Success ? Int(m, 1) : m.Groups[2].Success ? today.Year - YearsBack(m.Groups[2].Value) : today.Year;
        var first = m.Groups[3].Value == "上";
        if (!m.Groups[1].Success && !m.Groups[2].Success && !first && new DateOnly(year, 7, 1) > today)
            year--;
        return year is < 1900 or > 2100 ? null : new TimeExpression(m.Index, m.Length,
            first ? new DateRange(new DateOnly(year, 1, 1), new DateOnly(year, 6, 30)) : new DateRange(new DateOnly(year, 7, 1), new DateOnly(year, 12, 31)),
            relative, TimeUnit.Half);
    }

    private static TimeExpression? ResolveQuarter(Match m, DateOnly today)
    {
        var relative = !m.Groups[1].Success;
        var year = m.Groups[1].Success ? Int(m, 1) : m.Groups[2].Success ? today.Year - YearsBack(m.Groups[2].Value) : today.Year;
        if (Number(m.Groups[3].Value) is not { } q || q is < 1 or > 4 || year is < 1900 or > 2100)
            return null;
        var from = new DateOnly(year, 3 * q - 2, 1);
        if (!m.Groups[1].Success && !m.Groups[2].Success && from > today)
            from = from.AddYears(-1);
        return new TimeExpression(m.Index, m.Length, new DateRange(from, from.AddMonths(3).AddDays(-1)), relative, TimeUnit.Quarter);
    }

    private static TimeExpression? ResolveDayOfMonth(Match m, DateOnly today)
    {
        var day = Int(m, 1);
        var month = new DateOnly(today.Year, today.Month, 1);
        // "5日" asked on the 3rd is the 5th of last month.
        if (day > today.Day)
            month = month.AddMonths(-1);
        return day >= 1 && day <= DateTime.DaysInMonth(month.Year, month.Month)
            ? Day(m, new DateOnly(month.Year, month.Month, day), relative: false)
            : null;
    }

    private static TimeExpression? ResolveWeekDay(Match m, DateOnly today)
    {
        var monday = Monday(today).AddDays(m.Groups[1].Value.StartsWith('上') ? -7 : 0);
        var weekday = m.Groups[2].Value is "日" or "天" ? 7 : Number(m.Groups[2].Value);
        return weekday is >= 1 and <= 7 ? Day(m, monday.AddDays(weekday.Value - 1), relative: true) : null;
    }

    private static TimeExpression? ResolveNamedDay(Match m, DateOnly today) => Day(m, m.Value switch
    {
        "今天" or "今日" or "today" => today,
        "昨天" or "昨日" or "yesterday" => today.AddDays(-1),
        "前天" or "the day before yesterday" => today.AddDays(-2),
        "大前天" => today.AddDays(-3),
        _ => null,
    }, relative: true);

    // The last n units up to today: "最近三天" is today and the two days before it.
    private static TimeExpression? Recent(Match m, DateOnly today, string count, string unit)
    {
        if (Number(count) is not { } n || n < 1 || n > 3660)
            return null;
        var from = unit switch
        {
            _ when unit.StartsWith("天", StringComparison.Ordinal) || unit.StartsWith("日", StringComparison.Ordinal) || unit.StartsWith("day", StringComparison.Ordinal) => today.AddDays(1 - n),
            _ when unit.Contains('周') || unit.Contains("星期", StringComparison.Ordinal) || unit.Contains("礼拜", StringComparison.Ordinal) || unit.StartsWith("week", StringComparison.Ordinal) => today.AddDays(1 - 7 * n),
            _ when unit.Contains('月') || unit.StartsWith("month", StringComparison.Ordinal) => today.AddMonths(-n).AddDays(1),
            _ => today.AddYears(-n).AddDays(1),
        };
        return new TimeExpression(m.Index, m.Length, new DateRange(from, today), true, TimeUnit.Span);
    }

    // This week is Monday to today; last week Monday to Sunday.
    private static TimeExpression Week(Match m, DateOnly today, int offset)
    {
        var monday = Monday(today).AddDays(7 * offset);
        var sunday = monday.AddDays(6);
        return new TimeExpression(m.Index, m.Length, new DateRange(monday, sunday < today ? sunday : today), true, TimeUnit.Week);
    }

    private static TimeExpression RelativeMonth(Match m, DateOnly today, int offset)
    {
        var first = new DateOnly(today.Year, today.Month, 1).AddMonths(offset);
        var last = first.AddMonths(1).AddDays(-1);
        return new TimeExpression(m.Index, m.Length, new DateRange(first, last < today ? last : today), true, TimeUnit.Month);
    }

    private static TimeExpression? MonthOf(Match m, int? year, int month, DateOnly today, bool relative)
    {
        if (month is < 1 or > 12)
            return null;
        var y = year ?? (new DateOnly(today.Year, month, 1) > today ? today.Year - 1 : today.Year);
        if (y is < 1900 or > 2100)
            return null;
        var first = new DateOnly(y, month, 1);
        return new TimeExpression(m.Index, m.Length, new DateRange(first, first.AddMonths(1).AddDays(-1)), relative, TimeUnit.Month);
    }

    private static TimeExpression? YearOf(Match m, int year, bool relative) => year is < 1900 or > 2100
        ? null
        : new TimeExpression(m.Index, m.Length, new DateRange(new DateOnly(year, 1, 1), new DateOnly(year, 12, 31)), relative, TimeUnit.Year);

    private static TimeExpression? Day(Match m, DateOnly? date, bool relative) =>
        date is { } d ? new TimeExpression(m.Index, m.Length, new DateRange(d, d), relative, TimeUnit.Day) : null;

    private static DateOnly Monday(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));

    private static int YearsBack(string word) => word switch { "去年" => 1, "前年" => 2, _ => 0 };

    // A date without a year: this year's, unless that is still to come, then last year's.
    private static DateOnly? Latest(DateOnly today, int? year, int month, int day)
    {
        if (year is { } y)
            return Date(y, month, day);
        var date = Date(today.Year, month, day);
        return date is { } d && d > today ? Date(today.Year - 1, month, day) : date ?? Date(today.Year - 1, month, day);
    }

    private static DateOnly? Date(int year, int month, int day) =>
        year is >= 1900 and <= 2100 && month is >= 1 and <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month) ? new DateOnly(year, month, day) : null;

    private static int Int(Match m, int group) => int.TryParse(m.Groups[group].ValueSpan, out var value) ? value : -1;

    private static int Month(string name) => name[..3] switch
    {
        "jan" => 1, "feb" => 2, "mar" => 3, "apr" => 4, "may" => 5, "jun" => 6,
        "jul" => 7, "aug" => 8, "sep" => 9, "oct" => 10, "nov" => 11, _ => 12,
    };

    /// <summary>A count in digits, Chinese numerals up to 99 ("三", "十五", "二十", "两") or English words up to ten.</summary>
    internal static int? Number(string text)
    {
        if (int.TryParse(text, out var n))
            return n;
        var english = Array.IndexOf(EnglishNumbers, text);
        if (english >= 0)
            return english + 1;
        const string digits = "零一二三四五六七八九";
        text = text.Replace('两', '二');
        if (text.Length == 1 && digits.IndexOf(text[0]) is var d and >= 0)
            return d;
        var ten = text.IndexOf('十');
        if (ten < 0 || text.Length > 3)
            return null;
        var tens = ten == 0 ? 1 : digits.IndexOf(text[0]);
        var units = ten == text.Length - 1 ? 0 : digits.IndexOf(text[^1]);
        return tens < 0 || units < 0 ? null : 10 * tens + units;
    }

    private static readonly string[] EnglishNumbers = ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"];

    private const string MonthNames = "january|february|march|april|may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec";
    private const string ZhCount = "[\\d一二两三四五六七八九十]+";
    private const string EnCount = "\\d+|one|two|three|four|five|six|seven|eight|nine|ten";

    [GeneratedRegex(@"(?:(\d{4})年)?(\d{1,2})月(\d{1,2})[日号]?\s*(?:至|到|~|～|-|—|–)\s*(?:(\d{1,2})月)?(\d{1,2})[日号]")]
    private static partial Regex ZhRange();

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")]
    private static partial Regex ZhFullDate();

    [GeneratedRegex(@"(?<!\d)(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?!\d)")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"\b(" + MonthNames + @")\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:,?\s+(\d{4})\b)?")]
    private static partial Regex EnMonthDay();

    [GeneratedRegex(@"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(" + MonthNames + @")\b(?:,?\s+(\d{4})\b)?")]
    private static partial Regex EnDayMonth();

    [GeneratedRegex(@"\b(january|february|march|april|june|july|august|september|october|november|december|may(?=\s+\d{4}))(?:\s+(\d{4}))?\b")]
    private static partial Regex EnMonthYear();

    [GeneratedRegex(@"(?:(\d{4})\s*年|(今年|去年|前年))?(上|下)半年")]
    private static partial Regex ZhHalf();

    [GeneratedRegex(@"(?:(\d{4})\s*年|(今年|去年|前年))?第?([一二三四1-4])季度")]
    private static partial Regex ZhQuarter();

    [GeneratedRegex(@"(\d{4})\s*年\s*(\d{1,2})\s*月份?")]
    private static partial Regex ZhYearMonth();

    [GeneratedRegex(@"(?<![\d年])(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]")]
    private static partial Regex ZhMonthDay();

    [GeneratedRegex(@"(?<![\d月年.])(\d{1,2})日")]
    private static partial Regex ZhDay();

    [GeneratedRegex(@"(?<![\d个.])(\d{1,2})月份?(?![\d日号])")]
    private static partial Regex ZhMonth();

    [GeneratedRegex(@"(?<!\d)(\d{4})\s*年度?")]
    private static partial Regex ZhYear();

    [GeneratedRegex(@"\b(?:in|during|of)\s+((?:19|20)\d{2})\b")]
    private static partial Regex EnYear();

    [GeneratedRegex(@"今年|去年|前年")]
    private static partial Regex ZhRelativeYear();

    [GeneratedRegex(@"\b(last|this)\s+year\b")]
    private static partial Regex EnRelativeYear();

    [GeneratedRegex(@"(" + ZhCount + @")\s*天(?:以)?前")]
    private static partial Regex ZhDaysAgo();

    [GeneratedRegex(@"\b(" + EnCount + @")\s+days?\s+ago\b")]
    private static partial Regex EnDaysAgo();

    [GeneratedRegex(@"(?:最近|近|过去|这)的?\s*(" + ZhCount + @")\s*(天|日|周|个?星期|个?礼拜|个月|年)")]
    private static partial Regex ZhRecent();

    [GeneratedRegex(@"\b(?:in\s+)?(?:the\s+)?(?:past|last)\s+(" + EnCount + @")\s+(days?|weeks?|months?|years?)\b")]
    private static partial Regex EnRecent();

    [GeneratedRegex(@"\b(?:in\s+)?the\s+past\s+(day|week|month|year)\b")]
    private static partial Regex EnPastUnit();

    [GeneratedRegex(@"(上个?|本|这个?)(?:周|星期|礼拜)([一二三四五六日天1-7])")]
    private static partial Regex ZhWeekDay();

    [GeneratedRegex(@"(上个?|本|这个?)(?:周|星期|礼拜)")]
    private static partial Regex ZhWeek();

    [GeneratedRegex(@"\b(last|this)\s+week\b")]
    private static partial Regex EnWeek();

    [GeneratedRegex(@"上个?月|本月|这个?月")]
    private static partial Regex ZhMonthRelative();

    [GeneratedRegex(@"\b(last|this)\s+month\b")]
    private static partial Regex EnMonthRelative();

    [GeneratedRegex(@"大前天|前天|昨天|昨日|今天|今日|\bthe day before yesterday\b|\byesterday\b|\btoday\b")]
    private static partial Regex Days();

    [GeneratedRegex(@"新闻|报道|消息|头版|要闻|\bnews\b|\breported\b|\bheadlines?\b|\bstories\b")]
    private static partial Regex NewsWords();

    [GeneratedRegex(@"发生了(?:什么|哪些)|有什么事|\bhappened\b")]
    private static partial Regex Happened();

    // What a question about the news asks besides its topic: "1月5日的头版讲了什么" names nothing to look up.
    [GeneratedRegex(@"(?:讲|说|写|报道|登|刊登)了?(?:什么|哪些|啥)|有哪些|有什么|哪些内容|什么内容|\bwhat\b|\bwas\b|\bon\b")]
    private static partial Regex AsksContent();

    [GeneratedRegex(@"(?:有|有些)?(?:什么|哪些)(?:新闻|消息|报道|新鲜事)|(?:最新|最近)的?(?:新闻|消息|报道)|\bwhat'?s new\b|\bwhat is new\b|\b(?:latest|any) news\b|^(?:news|新闻)[?？]?$")]
    private static partial Regex WhatsNew();
}
