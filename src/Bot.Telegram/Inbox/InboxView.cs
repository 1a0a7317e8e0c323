using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Inbox;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram.Inbox;

/// <summary>
/// An inbox group as <c>/inbox</c> and the admins' daily message show it: its text (or words), how often, in how many
/// chats, when last and why, tagged with its group, under "答复" and "忽略" buttons.
/// </summary>
internal static class InboxView
{
    /// <summary>The message of <paramref name="group"/>, as HTML, and its buttons.</summary>
    public static (string Html, InlineKeyboardMarkup Buttons) Item(TextCatalog texts, InboxGroup group, string language)
    {
        var question = group.Question ?? texts.Get(language, "inbox.wordsOnly", group.Words);
        var reasons = string.Join(texts.Get(language, "inbox.reasonJoin"), group.Reasons.Select(r => $"{texts.Get(language, "inbox.reason." + r.Reason)} {r.Count}"));
        var text = texts.Get(language, "inbox.item", question, group.Count, group.Chats, group.Newest.ToString("yyyy-MM-dd HH:mm", CultureInfo.InvariantCulture), reasons)
            + "\n" + InboxButtons.Tag(group.Id);
        return (HtmlText.Escape(text)!, InboxButtons.ForGroup(group.Id, texts.Get(language, "inbox.answerButton"), texts.Get(language, "inbox.dismissButton")));
    }
}
