using System.Text.RegularExpressions;

namespace Bot.Core.Answering;

/// <summary>
/// Finds the [n] citations in a model's reply, drops numbers that name no passage, drops sentences whose only citations
/// name no passage (they claim a source that was never given), and renumbers the rest.
/// </summary>
public static partial class CitationMapper
{
    /// <summary>
    /// Rewrites <paramref name="reply"/> so that its citations number the returned passages (1-based, in order of first use);
    /// citations of passages that do not exist (outside 1..<paramref name="passageCount"/>) are removed, and so is a
    /// sentence all of whose citations are such.
    /// </summary>
    public static (string Text, IReadOnlyList<int> CitedPassages) Map(string reply, int passageCount)
    {
        reply = string.Concat(SentenceRegex().Matches(reply).Select(m => m.Value).Where(sentence => !OnlyInventedCitations(sentence, passageCount)));
        var cited = new List<int>();
        var text = CitationRegex().Replace(reply, m =>
        {
            var numbers = m.Groups[1].Value.Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries);
            var kept = new List<int>();
            foreach (var n in numbers)
            {
                if (!int.TryParse(n, out var passage) || passage < 1 || passage > passageCount)
                    continue;
                var index = cited.IndexOf(passage - 1);
                if (index < 0)
                {
                    cited.Add(passage - 1);
                    index = cited.Count - 1;
                }
                if (!kept.Contains(index + 1))
                    kept.Add(index + 1);
            }
            return string.Concat(kept.Select(k => $"[{k}]"));
        });
        return (SpaceRegex().Replace(text, " ").Trim(), cited);
    }

    private static bool OnlyInventedCitations(string sentence, int passageCount)
    {
        var numbers = CitationRegex().Matches(sentence)
            .SelectMany(m => m.Groups[1].Value.Split([',', '，', '、', ' '], StringSplitOptions.RemoveEmptyEntries))
            .Select(n => int.TryParse(n, out var v) ? v : 0)
            .ToList();
        return numbers.Count > 0 && numbers.All(n => n < 1 || n > passageCount);
    }

    // A sentence with the citations that follow its end mark ("…建成。[1]" as well as "…建成[1]。"), or the rest of the text.
    [GeneratedRegex(@"[^。！？!?\n]*(?:[。！？!?\n]+(?:\s*\[[\d,，、\s]+\])*|$)")]
    private static partial Regex SentenceRegex();

    [GeneratedRegex(@"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")]
    private static partial Regex CitationRegex();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex SpaceRegex();
}
