using System.Globalization;
using System.Text;
using Bot.Core.Newsroom;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram.Newsroom;

/// <summary>
/// Sends pushes and digests through the one <see cref="TelegramSender"/>, and so under its pacing (a group's 20 a minute,
/// 30 a second in all) and its waiting out of 429s; tells a chat that blocked the bot from one whose send failed.
/// </summary>
public sealed class PushSender(ITelegramBotClient bot, TelegramSender sender)
{
    // Titles listed in one message at most; the rest are counted.
    private const int MaxListed = 20;
    private const int MaxTitle = 120;

    /// <summary>Sends <paramref name="html"/> to <paramref name="chat"/>, with <paramref name="buttons"/>.</summary>
    public async Task<PushOutcome> SendAsync(long chat, string html, InlineKeyboardMarkup? buttons, CancellationToken cancellationToken)
    {
        var blocked = false;
        var sent = await sender.SendAsync("sendMessage", chat, async ct =>
        {
            try
            {
                return await bot.SendMessage(chat, html, parseMode: ParseMode.Html, replyMarkup: buttons,
                    linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true }, cancellationToken: ct);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                blocked = true;
                throw;
            }
        }, cancellationToken, resendable: false);
        return sent is not null ? PushOutcome.Sent : blocked ? PushOutcome.Blocked : PushOutcome.Failed;
    }

    /// <summary>One article: the subscription's words, its title, date and first sentence, and a button that shows its source.</summary>
    public static (string Html, InlineKeyboardMarkup Buttons) One(PendingPush push, string language)
    {
        var a = push.Article;
        var sb = new StringBuilder();
        sb.Append(HtmlText.Escape(NewsroomTexts.Get(language, "pushHeader", push.Words))).Append('\n');
        sb.Append("<b>").Append(HtmlText.Escape(Cut(a.Title))).Append("</b>");
        if (a.Date is { } date)
            sb.Append('\n').Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        if (a.Lead.Length > 0)
            sb.Append('\n').Append(HtmlText.Escape(a.Lead));
        var button = InlineKeyboardButton.WithCallbackData(NewsroomTexts.Get(language, "source"), $"p:{AnswerButtons.ArticleKey(a.Id)}:0");
        return (sb.ToString(), new InlineKeyboardMarkup(button));
    }

    /// <summary>Many articles owed at once (a burst): one message listing them, title and date, with a count of those not listed.</summary>
    public static string List(IReadOnlyList<PendingPush> pushes, string language)
    {
        var words = string.Join("、", pushes.Select(p => p.Words).Distinct(StringComparer.Ordinal));
        return Listing(NewsroomTexts.Get(language, "pushList", pushes.Count, words), pushes.Select(p => p.Article).ToList(), pushes.Count, MaxListed, language);
    }

    /// <summary>A heading, then one line per article (title and date), and "more: N" for the <paramref name="total"/> not listed.</summary>
    public static string Listing(string heading, IReadOnlyList<AddedArticle> articles, int total, int max, string language)
    {
        var sb = new StringBuilder(HtmlText.Escape(heading));
        foreach (var a in articles.Take(max))
        {
            sb.Append("\n• ").Append(HtmlText.Escape(Cut(a.Title)));
            if (a.Date is { } date)
                sb.Append("（").Append(date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)).Append('）');
        }
        var listed = Math.Min(max, articles.Count);
        if (total > listed)
            sb.Append('\n').Append(HtmlText.Escape(NewsroomTexts.Get(language, "more", total - listed)));
        return sb.ToString();
    }

    private static string Cut(string title) => title.Length > MaxTitle ? title[..MaxTitle] + "…" : title;
}
