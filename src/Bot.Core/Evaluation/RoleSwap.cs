using Bot.Core.Ranking;
using Bot.Core.Search;

namespace Bot.Core.Evaluation;

/// <summary>
/// Makes a question the knowledge cannot answer from one it can: the role or attribute it asks for
/// (<see cref="AskedAttribute"/>: "…党委书记是谁？", "…总投资是多少？") swapped for another of the same list that its
/// articles never state ("…校长是谁？" where the article names no 校长). The right reply to the result is a decline.
/// </summary>
public static class RoleSwap
{
    /// <summary>
    /// <paramref name="question"/> with its asked role or attribute swapped for one, drawn with <paramref name="random"/>,
    /// that <paramref name="articles"/> (the text of the articles that answer it) do not state; null when it asks for
    /// none, or every other one is stated there.
    /// </summary>
    public static string? Swap(string question, string articles, Random random)
    {
        if (AskedAttribute.Of(question) is not { } asked || asked.Word == "成立时间")
            return null;
        var pool = AskedAttribute.Roles.Any(r => r.Word == asked.Word) ? AskedAttribute.Roles : AskedAttribute.Attributes;
        var folded = QuestionAnalyzer.Fold(articles);
        var candidates = pool
            .Where(r => r.Word != "成立时间" && !r.Word.Contains(asked.Word, StringComparison.OrdinalIgnoreCase) && !asked.Word.Contains(r.Word, StringComparison.OrdinalIgnoreCase)
                && !r.Forms.Any(f => folded.Contains(f, StringComparison.OrdinalIgnoreCase)) && !asked.Forms.Intersect(r.Forms).Any())
            .Select(r => r.Word)
            .ToList();
        while (candidates.Count > 0)
        {
            var pick = random.Next(candidates.Count);
            var word = candidates[pick];
            var swapped = question[..asked.At] + word + question[(asked.At + asked.Word.Length)..];
            // Still asking for the swapped one ("…的总统是谁？"), or drawn again.
            if (AskedAttribute.Of(swapped)?.Word == word)
                return swapped;
            candidates.RemoveAt(pick);
        }
        return null;
    }
}
