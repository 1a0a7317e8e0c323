using System.Text.RegularExpressions;

namespace Bot.Core.Answering;

/// <summary>Finds the [n] citations in a model's reply, drops numbers that name no passage, and renumbers the rest.</summary>
public static partial class CitationMapper
{
    /// <summary>
    /// Rewrites <paramref name="reply"/> so that its citations number the returned passages (1-based, in order of first use);
    /// citations of passages that do not exist (outside 1..<paramref name="passageCount"/>) are removed.
    /// </summary>
    public static (string Text, IReadOnlyList<int> CitedPassages) Map(string reply, int passageCount)
    {
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

    [GeneratedRegex(@"\[(\d+(?:\s*[,，、]\s*\d+)*)\]")]
    private static partial Regex CitationRegex();

    [GeneratedRegex(@"[ \t]{2,}")]
    private static partial Regex SpaceRegex();
}
