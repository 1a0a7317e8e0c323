using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.Feedback;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.State;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// A button under an answer: a source opens its passage as a reply; 👍 / 👎 is recorded once per user, and the row then
/// says thanks. Data that is not ours (forged, or of a forgotten answer) is answered with "no longer works".
/// </summary>
public sealed class ButtonPresses(IKnowledgeStore store, IAnswerLog log, TelegramSender sender, TextCatalog texts, ILogger<ButtonPresses> logger,
    Inbox.InboxButtonHandler inbox, Inbox.InboxRecorder recorder)
{
    /// <summary>Carries out <paramref name="query"/>; never throws but for cancellation.</summary>
    public async Task HandleAsync(ITelegramBotClient bot, CallbackQuery query, CancellationToken cancellationToken)
    {
        var language = texts.LanguageOf(query.From.LanguageCode);
        try
        {
            string? notice = null;
            switch (AnswerButtons.Parse(query.Data))
            {
                case ButtonPress.Source source when query.Message is { } message && AnswerButtons.Find(store.Current, source.ArticleKey) is { } article:
                    await sender.ReplyAsync(bot, message, Passage(article, source.Position, language), cancellationToken);
                    break;
                case ButtonPress.Rating rating when query.Message is { } message:
                    var result = await log.RateAsync(message.Chat.Id, rating.AnswerId, query.From.Id, rating.Up, cancellationToken);
                    notice = texts.Get(language, result switch
                    {
                        RatingResult.Recorded => "rated",
                        RatingResult.AlreadyRated => "alreadyRated",
                        _ => "expired",
                    });
                    if (result == RatingResult.Recorded)
                    {
                        await sender.SendAsync("editMessageReplyMarkup", message.Chat.Id, ct => bot.EditMessageReplyMarkup(message.Chat.Id, message.MessageId,
                            AnswerButtons.Rated(message.ReplyMarkup, texts.Get(language, "thanks")), cancellationToken: ct), cancellationToken);
                        if (!rating.Up)
                            await recorder.DislikedAsync(message, cancellationToken);
                    }
                    break;
                case ButtonPress.Done:
                    break;
                case null when await inbox.HandleAsync(bot, query, language, cancellationToken) is { } inboxNotice:
                    notice = inboxNotice;
                    break;
                default:
                    notice = texts.Get(language, "expired");
                    break;
            }
            await sender.SendAsync("answerCallbackQuery", query.Message?.Chat.Id ?? 0, async ct =>
            {
                await bot.AnswerCallbackQuery(query.Id, notice, cancellationToken: ct);
                return true;
            }, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Button press {QueryId} could not be handled", LogText.Safe(query.Id));
        }
    }

    // The cited passage with the passages around it, its title, date and file.
    private string Passage(Article article, int position, string language)
    {
        var passages = store.Current.PassagesOf(article);
        var around = passages.Where(p => Math.Abs(p.Position - position) <= 1).Select(p => p.Text);
        var citation = new Citation(article.Id, article.Title, article.SourcePath, article.Date, "", 0);
        var text = $"{citation.Label}\n{texts.Get(language, "passageFile", Path.GetFileName(article.SourcePath))}\n\n{string.Join("\n", around)}";
        return ReplyFormatter.Pack([HtmlText.Escape(text)!])[0];
    }
}
