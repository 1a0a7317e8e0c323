using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.Knowledge;
using Bot.Core.Ocr;
using Bot.Core.Pictures;
using Bot.Telegram.Commands;
using Microsoft.Extensions.Logging;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// Pictures sent in a chat. An admin's picture without a caption is new knowledge (<see cref="KnowledgeUpload"/>: the
/// same limits, staging and reply as a document). A picture with a question as its caption, anyone's, is read through
/// OCR (never added), matched to the knowledge (<see cref="PictureMatcher"/>), and the question answered as a plain
/// question is, with the article the picture shows as the turn before it; a picture of an article not in the knowledge
/// is told so. Anyone else's picture without a caption gets a hint.
/// </summary>
public sealed class PictureMessages(KnowledgeUpload upload, PageOcr ocr, PictureMatcher matcher, CommandDispatch commands, TelegramSender sender,
    TextCatalog texts, ILogger<PictureMessages> logger)
{
    // Characters of the matched article given as the turn before the question: its headline and lead, as a replied-to
    // message's opening is (AskCommand.RepliedText).
    private const int ContextChars = 300;

    // Later reports named under the article shown, each with the opening of its lead.
    private const int MaxLater = 3;
    private const int LeadChars = 80;

    /// <summary>
    /// Deals with <paramref name="picture"/> of <paramref name="message"/>: <paramref name="request"/> is its caption's
    /// question, or null when it has none; <paramref name="language"/> the user's language.
    /// </summary>
    public async Task HandleAsync(ITelegramBotClient bot, Message message, ChatPicture picture, BotRequest? request, string language, bool admin,
        CancellationToken cancellationToken)
    {
        try
        {
            if (request is null)
            {
                var reply = admin ? await upload.AddAsync(bot, picture.FileId, picture.FileName, picture.FileSize, language, cancellationToken) : texts.Get(language, "pictureHint");
                await ReplyAsync(bot, message, reply, cancellationToken);
                return;
            }
            await AnswerAsync(bot, message, picture, request.Argument, admin, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Picture {MessageId} in chat {ChatId} could not be dealt with", message.MessageId, message.Chat.Id);
            await ReplyAsync(bot, message, texts.Get(language, "pictureUnreadable", e.GetType().Name), cancellationToken);
        }
    }

    private async Task AnswerAsync(ITelegramBotClient bot, Message message, ChatPicture picture, string question, bool admin, CancellationToken cancellationToken)
    {
        // Replies in the caption's language, as answers are in the question's.
        var language = texts.LanguageOfText(question);
        if (!ocr.Enabled)
        {
            await ReplyAsync(bot, message, texts.Get(language, "pictureOcrMissing"), cancellationToken);
            return;
        }
        var limit = upload.DownloadLimit;
        if (picture.FileSize is > 0 && picture.FileSize > limit)
        {
            await ReplyAsync(bot, message, texts.Get(language, "uploadTooLarge", limit / (1024 * 1024)), cancellationToken);
            return;
        }
        using var memory = new MemoryStream();
        await using (var bounded = new BoundedStream(memory, limit, "the download is"))
        {
            try
            {
                await bot.DownloadFile(await bot.GetFile(picture.FileId, cancellationToken), bounded, cancellationToken);
            }
            catch (Exception) when (bounded.Exceeded)
            {
                await ReplyAsync(bot, message, texts.Get(language, "uploadTooLarge", limit / (1024 * 1024)), cancellationToken);
                return;
            }
        }
        OcrPage page;
        try
        {
            // The header, pixel limit and cache are checked first; Tesseract runs (bounded by Ocr:TimeoutSeconds) off this thread.
            var bytes = memory.ToArray();
            page = await Task.Run(() => ocr.Read(bytes, cancellationToken), cancellationToken);
        }
        catch (OcrException e)
        {
            logger.LogWarning("Picture {MessageId} in chat {ChatId} was not read: {Reason}", message.MessageId, message.Chat.Id, LogText.Safe(e.Message));
            await ReplyAsync(bot, message, e.EngineMissing ? texts.Get(language, "pictureOcrMissing") : texts.Get(language, "pictureUnreadable", e.Message), cancellationToken);
            return;
        }
        if (string.IsNullOrWhiteSpace(page.Text))
        {
            await ReplyAsync(bot, message, texts.Get(language, "pictureNoText"), cancellationToken);
            return;
        }
        var match = matcher.Match(page);
        logger.LogInformation("Picture {MessageId} in chat {ChatId}: {Read} articles read, shows {Article} (overlap {Overlap:F2})",
            message.MessageId, message.Chat.Id, match.Read.Count, LogText.Safe(match.Article?.Id ?? "none"), match.Overlap);
        if (match.Article is not { } article)
        {
            await ReplyAsync(bot, message, texts.Get(language, "pictureNotInKnowledge"), cancellationToken);
            return;
        }
        var shows = new System.Text.StringBuilder(texts.Get(language, "pictureShows", Label(article)));
        if (match.Later.Count > 0)
        {
            shows.Append('\n').Append(texts.Get(language, "pictureLater"));
            foreach (var later in match.Later.Take(MaxLater))
                shows.Append("\n• ").Append(Label(later)).Append(language == "zh" ? "：" : ": ").Append(Citation.Shorten(later.Paragraphs.FirstOrDefault() ?? "", LeadChars));
        }
        await ReplyAsync(bot, message, shows.ToString(), cancellationToken);
        var context = new CommandContext(bot, message, new BotRequest(null, match.QuestionAbout(question)), language, admin, sender, cancellationToken)
        {
            Context = Citation.Shorten(article.Title + "\n" + article.Body, ContextChars),
        };
        await commands.HandlerOf(AskCommand.Spec).HandleAsync(context);
    }

    private static string Label(Article article) =>
        $"《{Citation.Shorten(article.Title)}》" + (article.Date is { } d ? $" {d:yyyy-MM-dd}" : "");

    private Task<Message?> ReplyAsync(ITelegramBotClient bot, Message to, string text, CancellationToken cancellationToken) =>
        sender.ReplyAsync(bot, to, HtmlText.Escape(text)!, cancellationToken);
}
