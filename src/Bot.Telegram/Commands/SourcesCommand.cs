using Bot.Core.Answering;
using Bot.Core.Indexing;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/sources</c>: the articles read (the first 30), and the files that could not be read.</summary>
public sealed class SourcesCommand(IKnowledgeStore store, TextCatalog texts) : IBotCommand
{
    // Articles listed; the rest are counted.
    private const int Listed = 30;

    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("sources", CommandAudience.Everyone, typeof(SourcesCommand), new Dictionary<string, string>
    {
        ["zh"] = "已读入的文章",
        ["en"] = "The articles I have read",
    });

    /// <inheritdoc />
    public Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var snapshot = store.Current;
        var blocks = new List<string> { HtmlText.Escape(texts.Get(language, "sourcesHeading", snapshot.Articles.Count))! };
        blocks.AddRange(snapshot.Articles.Take(Listed).Select((a, i) => HtmlText.Escape($"{i + 1}. {Citation.Shorten(a.Title)}{(a.Date is { } d ? $" {d:yyyy-MM-dd}" : "")}")!));
        if (snapshot.Articles.Count > Listed)
            blocks.Add(HtmlText.Escape(texts.Get(language, "sourcesMore", snapshot.Articles.Count - Listed))!);
        if (snapshot.Skipped.Count > 0)
            blocks.Add(HtmlText.Escape(texts.Get(language, "skippedHeading") + "\n" + string.Join("\n", snapshot.Skipped.Select(s => $"{s.Path}: {s.Reason}")))!);
        return context.ReplyAsync(ReplyFormatter.Pack([string.Join("\n", blocks)])[0]);
    }
}
