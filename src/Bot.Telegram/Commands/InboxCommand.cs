using Bot.Core.Answering;
using Bot.Core.Inbox;
using Bot.Telegram.Inbox;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary>
/// <c>/inbox</c> (admins): the questions declined or rated 👎, grouped by their analysed words, counted, newest first;
/// each group a message with "答复" (write a curated answer) and "忽略" (forget it). Replying to one writes its answer.
/// </summary>
public sealed class InboxCommand(IInboxStore store, TextCatalog texts) : IBotCommand
{
    /// <summary>Groups listed, newest first.</summary>
    public const int Listed = 10;

    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("inbox", CommandAudience.Admins, typeof(InboxCommand), new Dictionary<string, string>
    {
        ["zh"] = "未答出和被点 👎 的问题（管理员）",
        ["en"] = "Questions declined or rated 👎 (admins)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var groups = await store.GroupsAsync(Listed, context.CancellationToken);
        if (groups is null)
        {
            await context.ReplyAsync(HtmlText.Escape(texts.Get(language, "inbox.unavailable")));
            return;
        }
        if (groups.Count == 0)
        {
            await context.ReplyAsync(HtmlText.Escape(texts.Get(language, "inbox.empty")));
            return;
        }
        await context.ReplyAsync(HtmlText.Escape(texts.Get(language, "inbox.heading", groups.Count)));
        foreach (var group in groups)
        {
            var (html, buttons) = InboxView.Item(texts, group, language);
            await context.Sender.ReplyAsync(context.Bot, context.Message, html, context.CancellationToken, buttons);
        }
    }
}
