using System.Text.RegularExpressions;
using Bot.Core.Search;

namespace Bot.Core.Answering;

/// <summary>
/// Makes a follow-up question standalone without an LLM: when it leans on the previous turn (a pronoun,
/// "那…呢", or too little content of its own), the previous question's content words are carried over.
/// </summary>
public static partial class FollowUpRewriter
{
    /// <summary>The standalone form of <paramref name="question"/> given the conversation so far.</summary>
    public static string Rewrite(string question, IReadOnlyList<ConversationTurn>? history)
    {
        if (history is not { Count: > 0 })
            return question;
        if (!LeansOnPrevious(question))
            return question;
        var previous = history[^1].StandaloneQuestion;
        var carried = QuestionAnalyzer.Analyze(previous).Terms.Select(t => t.Text);
        return string.Join(" ", carried) + " " + question;
    }

    /// <summary>True when <paramref name="question"/> cannot be understood without the previous turn.</summary>
    public static bool LeansOnPrevious(string question)
    {
        if (FollowUpRegex().IsMatch(question))
            return true;
        var analyzed = QuestionAnalyzer.Analyze(question);
        return analyzed.Terms.Count(t => t.Text.Length >= 2) < 1;
    }

    [GeneratedRegex(@"^(那|那么|还有|另外|and\b|what about\b|how about\b)|呢[？?]?$|[他她它其该此]|这[个位家项些]|那[个位家项些]|\b(he|she|it|they|him|her|them|his|its|their|that one)\b", RegexOptions.IgnoreCase)]
    private static partial Regex FollowUpRegex();
}
