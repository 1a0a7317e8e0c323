using System.Text;
using Bot.Core.Answering;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/help</c> (and any command the bot does not know, in private): how to ask; admins also read their commands.</summary>
public sealed class HelpCommand(TextCatalog texts) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("help", CommandAudience.Everyone, typeof(HelpCommand), new Dictionary<string, string>
    {
        ["zh"] = "能问什么、怎么问",
        ["en"] = "What I know and how to ask",
    });

    /// <inheritdoc />
    public Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var sb = new StringBuilder($"<b>{HtmlText.Escape(texts.Get(language, "helpTitle"))}</b>\n");
        sb.Append(HtmlText.Escape(texts.Get(language, "help")));
        sb.Append("\n\n").Append(HtmlText.Escape(texts.Get(language, "helpPrivacy")));
        if (context.IsAdmin)
            sb.Append("\n").Append(HtmlText.Escape(texts.Get(language, "helpAdmin")));
        return context.ReplyAsync(sb.ToString());
    }
}
