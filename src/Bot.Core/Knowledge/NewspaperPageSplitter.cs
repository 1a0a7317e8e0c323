using System.Text.RegularExpressions;

namespace Bot.Core.Knowledge;

/// <summary>
/// Splits the OCR text of a newspaper page (or of a single article) into articles and repairs its paragraphs:
/// headlines that run into the body become the title, paragraphs cut by a column break are joined again
/// (across a pull quote standing between the halves), and pull quotes ("■ …") are kept apart from the body.
/// </summary>
public static partial class NewspaperPageSplitter
{
    // Headlines and subheads on the seed page are at most 36 characters; body paragraphs that short end in punctuation.
    private const int MaxHeadlineLength = 48;

    /// <summary>Splits <paramref name="text"/> into articles with ids "<paramref name="sourcePath"/>#n".</summary>
    /// <param name="text">The page text.</param>
    /// <param name="sourcePath">The file the text came from.</param>
    /// <param name="fallbackTitle">The title of a leading article that has no headline (e.g. a file name or a Markdown heading).</param>
    /// <param name="date">The date of the page, where known.</param>
    public static IReadOnlyList<Article> Split(string text, string sourcePath, string? fallbackTitle = null, DateOnly? date = null)
    {
        var lines = text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n')
            .Select(TextRules.TrimAll)
            .Where(l => l.Length > 0)
            .ToList();

        var starts = FindHeaderStarts(lines);
        var articles = new List<Article>();
        for (var s = 0; s < starts.Count; s++)
        {
            var (start, headerLength) = starts[s];
            var end = s + 1 < starts.Count ? starts[s + 1].Start : lines.Count;
            var header = lines.GetRange(start, headerLength);
            var body = lines.GetRange(start + headerLength, end - start - headerLength);
            var article = BuildArticle(header, body, sourcePath, articles.Count + 1, fallbackTitle, date);
            if (article is not null)
                articles.Add(article);
        }
        return articles;
    }

    private static List<(int Start, int HeaderLength)> FindHeaderStarts(List<string> lines)
    {
        var starts = new List<(int, int)>();
        var i = 0;
        var previousEnded = true;
        while (i < lines.Count)
        {
            if (previousEnded && IsHeadlineLike(lines[i]))
            {
                var j = i;
                while (j < lines.Count && IsHeadlineLike(lines[j]) && !IsDateline(lines[j]))
                    j++;
                var run = j - i;
                var bodyFollows = j < lines.Count;
                // A dateline that is short and unfinished ("本报讯 …" cut by the page) is headline-like but no header: a
                // header needs at least one line, else this loop would stand still.
                var isHeader = run > 0 && bodyFollows && (run >= 2 || IsDateline(lines[j]) || i == 0);
                if (isHeader)
                {
                    starts.Add((i, run));
                    i = j;
                    previousEnded = true;
                    continue;
                }
            }
            if (starts.Count == 0)
                starts.Add((i, 0));
            if (!IsPullQuote(lines[i]))
                previousEnded = TextRules.EndsSentence(lines[i]);
            i++;
        }
        return starts;
    }

    private static Article? BuildArticle(List<string> header, List<string> body, string sourcePath, int number, string? fallbackTitle, DateOnly? date)
    {
        var pullQuotes = new List<string>();
        var paragraphs = new List<string>();
        string? byline = null;
        var open = false;
        foreach (var line in body)
        {
            if (IsPullQuote(line))
            {
                pullQuotes.Add(TextRules.TrimAll(line.TrimStart('■')));
                continue;
            }
            byline ??= FindByline(line);
            if (open && !IsDateline(line))
                paragraphs[^1] = TextRules.JoinBroken(paragraphs[^1], line);
            else
                paragraphs.Add(line);
            open = !TextRules.EndsSentence(paragraphs[^1]);
        }

        if (paragraphs.Count == 0 && header.Count == 0)
            return null;
        if (paragraphs.Count == 0)
        {
            // A headline with no body is still knowledge (e.g. a one-line file): index it as the body too.
            paragraphs.AddRange(header);
        }

        var title = header.Count > 0
            ? string.Join(" ", header)
            : number == 1 && !string.IsNullOrWhiteSpace(fallbackTitle) ? fallbackTitle! : Opening(paragraphs[0]);
        // An article of a dated page has the page's date; on an undated page, the first date in its own opening.
        var own = date is null ? DateExtractor.FromText(string.Join("\n", paragraphs)) : null;
        return new Article($"{sourcePath}#{number}", title, paragraphs, sourcePath, date ?? own, byline)
        {
            DateSource = date is not null ? "page" : own is not null ? "text" : null,
            PullQuotes = pullQuotes,
            HasOwnTitle = header.Count > 0,
        };
    }

    /// <summary>The first words of a text, as a title for an article that has none.</summary>
    public static string Opening(string text, int length = 30)
    {
        var firstSentence = text.Split(['。', '！', '？', '\n'], 2)[0];
        var s = firstSentence.Length <= length ? firstSentence : firstSentence[..length] + "…";
        return TextRules.TrimAll(s);
    }

    private static bool IsHeadlineLike(string line) =>
        line.Length <= MaxHeadlineLength && !TextRules.EndsSentence(line) && !IsPullQuote(line);

    private static bool IsPullQuote(string line) => line.StartsWith('■');

    private static bool IsDateline(string line) => DatelineRegex().IsMatch(line);

    private static string? FindByline(string line)
    {
        var m = BylineRegex().Match(line);
        return m.Success ? TextRules.TrimAll(m.Groups[1].Value) : null;
    }

    [GeneratedRegex(@"^(本报讯|本报记者|本报综合|新华社|据新华社|中新社|【[^】]{1,20}】)")]
    private static partial Regex DatelineRegex();

    [GeneratedRegex(@"^(?:本报讯|本报记者|新华社[^(（]{0,12})\s*[(（]((?:记者|通讯员|特约)[^)）]{1,40})[)）]")]
    private static partial Regex BylineRegex();
}
