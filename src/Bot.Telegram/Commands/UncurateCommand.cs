using Bot.Core.Answering;
using Bot.Core.Inbox;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/uncurate N</c> (admins): deletes the curated answer numbered N in <c>/curated</c>.</summary>
public sealed class UncurateCommand(CuratedAnswers curated, TextCatalog texts) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("uncurate", CommandAudience.Admins, typeof(UncurateCommand), new Dictionary<string, string>
    {
        ["zh"] = "删除一条编辑答复：/uncurate 编号（管理员）",
        ["en"] = "Delete an editor's answer: /uncurate number (admins)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var argument = context.Request.Argument.Trim().TrimStart('#', '№');
        if (!long.TryParse(argument, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id) || id <= 0)
        {
            await context.ReplyAsync(HtmlText.Escape(texts.Get(language, "inbox.uncurateUsage")));
            return;
        }
        var removed = await curated.RemoveAsync(id, context.CancellationToken);
        await context.ReplyAsync(HtmlText.Escape(texts.Get(language, removed ? "inbox.deleted" : "inbox.unknownAnswer", id)));
    }
}
