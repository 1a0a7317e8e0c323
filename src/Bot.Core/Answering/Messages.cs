namespace Bot.Core.Answering;

/// <summary>What the bot says when it cannot answer, in the question's language.</summary>
public static class Messages
{
    /// <summary>For an empty question.</summary>
    public static string Empty(bool chinese) => chinese ? "请输入一个问题。" : "Please type a question.";

    /// <summary>For a question over the length limit.</summary>
    public static string TooLong(bool chinese, int length, int max) => chinese
        ? $"问题太长了（{length} 个字符，最多 {max} 个）。请把问题缩短后再问。"
        : $"The question is too long ({length} characters; at most {max}). Please ask a shorter question.";

    /// <summary>For a question with nothing searchable in it.</summary>
    public static string NoContent(bool chinese) => chinese
        ? "这个问题里没有可以查找的内容，请说得具体一些。"
        : "There is nothing to look up in that question; please be more specific.";

    /// <summary>While nothing is loaded.</summary>
    public static string NoKnowledge(bool chinese) => chinese
        ? "知识库里还没有任何文章。"
        : "The knowledge base holds no articles yet.";

    /// <summary>When the knowledge does not hold the answer.</summary>
    public static string NotFound(bool chinese, IReadOnlyList<string> nearestTitles)
    {
        if (chinese)
        {
            return nearestTitles.Count == 0
                ? "知识库里没有找到这个问题的答案。"
                : "知识库里没有找到这个问题的答案，最接近的是" + string.Join("和", nearestTitles.Select(t => $"《{Citation.Shorten(t)}》")) + "。";
        }
        return nearestTitles.Count == 0
            ? "I could not find the answer to that in the knowledge base."
            : "I could not find the answer to that in the knowledge base; the nearest are " + string.Join(" and ", nearestTitles.Select(t => $"\"{Citation.Shorten(t)}\"")) + ".";
    }

    /// <summary>When what the question asks about is not in the knowledge: a name that appears nowhere, or a thing with no figure.</summary>
    public static string Missing(bool chinese, ScopeGap gap) => (chinese, gap.Figure) switch
    {
        (true, false) => $"知识库里没有提到“{gap.Thing}”，无法回答这个问题。",
        (true, true) => $"知识库里没有关于“{gap.Thing}”的具体数字，无法回答这个问题。",
        (false, false) => $"The knowledge base does not mention \"{gap.Thing}\", so I cannot answer that.",
        (false, true) => $"The knowledge base gives no figure for \"{gap.Thing}\", so I cannot answer that.",
    };
}
