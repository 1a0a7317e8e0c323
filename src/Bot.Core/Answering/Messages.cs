namespace Bot.Core.Answering;

/// <summary>What the bot says when it cannot answer, in the question's language (texts: <see cref="TextCatalog"/>).</summary>
public static class Messages
{
    private static TextCatalog Texts => TextCatalog.Default;

    /// <summary>For an empty question.</summary>
    public static string Empty(string language) => Texts.Get(language, "answer.empty");

    /// <summary>For a question over the length limit.</summary>
    public static string TooLong(string language, int length, int max) => Texts.Get(language, "answer.tooLong", length, max);

    /// <summary>For a question with nothing searchable in it.</summary>
    public static string NoContent(string language) => Texts.Get(language, "answer.noContent");

    /// <summary>While nothing is loaded.</summary>
    public static string NoKnowledge(string language) => Texts.Get(language, "answer.noKnowledge");

    /// <summary>When the knowledge does not hold the answer; names the nearest titles, if any.</summary>
    public static string NotFound(string language, IReadOnlyList<string> nearestTitles) => nearestTitles.Count == 0
        ? Texts.Get(language, "answer.notFound")
        : Texts.Get(language, "answer.notFoundNearest",
            string.Join(Texts.Get(language, "answer.titleJoin"), nearestTitles.Select(t => Texts.Get(language, "answer.titleQuote", Citation.Shorten(t)))));

    /// <summary>When what the question asks about is not in the knowledge: a name that appears nowhere, or a thing with no figure.</summary>
    public static string Missing(string language, ScopeGap gap)
    {
        if (gap.Attribute is { } attribute)
        {
            // "知识库里只提到上海交通大学的校长，没有提到其党委书记。"
            var key = "answer.missingAttribute" + (gap.Given.Count > 0 ? "Given" : "") + (gap.Thing.Length > 0 ? "Of" : "");
            return Texts.Get(language, key, gap.Thing, attribute, string.Join(Texts.Get(language, "answer.attributeJoin"), gap.Given));
        }
        return Texts.Get(language, gap.Figure ? "answer.missingFigure" : gap.Name ? "answer.missingName" : "answer.missing", gap.Thing);
    }

    /// <summary>When a question not in Chinese finds nothing and there is no embedding model: the articles are Chinese.</summary>
    public static string OtherScript(string language) => Texts.Get(language, "answer.otherScript");

    /// <summary>When a question not in Chinese finds nothing because the embedding model configured is not answering.</summary>
    public static string OtherScriptModelDown(string language) => Texts.Get(language, "answer.otherScriptModelDown");
}
