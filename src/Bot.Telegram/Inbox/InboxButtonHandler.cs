using Bot.Core.Answering;
using Bot.Core.Inbox;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram.Inbox;

/// <summary>
/// The inbox's buttons, for admins only: "答复" asks for the answer (a reply to its prompt is read as the curated
/// answer of that group), "忽略" forgets the group's questions, and a curated answer's delete button deletes it.
/// </summary>
public sealed class InboxButtonHandler(IInboxStore store, CuratedAnswers curated, TelegramSender sender, TextCatalog texts, IOptions<TelegramOptions> options)
{
    /// <summary>Carries out the inbox button pressed in <paramref name="query"/>; returns the notice to show, or null when the data is not the inbox's.</summary>
    public async Task<string?> HandleAsync(ITelegramBotClient bot, CallbackQuery query, string language, CancellationToken cancellationToken)
    {
        if (InboxButtons.Parse(query.Data) is not { } press || query.Message is not { } message)
            return null;
        if (!options.Value.AdminUserIds.Contains(query.From.Id))
            return texts.Get(language, "adminOnly");
        switch (press)
        {
            case InboxPress.Answer answer:
                var question = InboxButtons.TaggedGroup(message.Text) == answer.GroupId ? message.Text!.Split('\n')[0] : "";
                await sender.ReplyAsync(bot, message, HtmlText.Escape(texts.Get(language, "inbox.prompt", question) + "\n" + InboxButtons.Tag(answer.GroupId))!,
                    cancellationToken, new ForceReplyMarkup { Selective = true });
                return texts.Get(language, "inbox.promptNotice");
            case InboxPress.Dismiss dismiss:
                var count = await store.DismissAsync(dismiss.GroupId, cancellationToken);
                await sender.SendAsync("editMessageReplyMarkup", message.Chat.Id, ct => bot.EditMessageReplyMarkup(message.Chat.Id, message.MessageId,
                    new InlineKeyboardMarkup([[InlineKeyboardButton.WithCallbackData(texts.Get(language, "inbox.dismissed", count), "t")]]), cancellationToken: ct), cancellationToken);
                return texts.Get(language, "inbox.dismissed", count);
            case InboxPress.Delete delete:
                return texts.Get(language, await curated.RemoveAsync(delete.Id, cancellationToken) ? "inbox.deleted" : "inbox.unknownAnswer", delete.Id);
            default:
                return null;
        }
    }
}
