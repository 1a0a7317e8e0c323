using System.Text;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/start</c>: one short greeting with three example questions made from the knowledge's own titles.</summary>
public sealed class StartCommand(IKnowledgeStore store, TextCatalog texts) : IBotCommand
{
    // Examples: titles of the knowledge, shortened to this many characters.
    private const int ExampleTitleLength = 24;

    /// <summary>The command; Telegram sends it when a user opens the bot, so it needs no place in the menu.</summary>
    public static BotCommandSpec Spec { get; } = new("start", CommandAudience.Everyone, typeof(StartCommand), new Dictionary<string, string>
    {
        ["zh"] = "开始",
        ["en"] = "Start",
    }, InMenu: false);

    /// <inheritdoc />
    public Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var snapshot = store.Current;
        if (snapshot.Articles.Count == 0)
            return context.ReplyAsync(HtmlText.Escape(texts.Get(language, "noArticles") + "\n" + texts.Get(language, "startHint"))!);
        var sb = new StringBuilder(HtmlText.Escape(texts.Get(language, "greeting", snapshot.Articles.Count)));
        var step = Math.Max(1, snapshot.Articles.Count / 3);
        foreach (var title in snapshot.Articles.Where((_, i) => i % step == 0).Take(3).Select(a => Citation.Shorten(a.Title, ExampleTitleLength)))
            sb.Append("\n• ").Append(HtmlText.Escape(texts.Get(language, "example", title)));
        sb.Append("\n\n").Append(HtmlText.Escape(texts.Get(language, "startHint")));
        return context.ReplyAsync(sb.ToString());
    }
}
