using System.Text;
using Bot.Core.Answering;
using Bot.Core.Feedback;
using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Telegram.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.InlineQueryResults;

namespace Bot.Telegram;

/// <summary>
/// Dispatches each update by its shape. The allow-list and the per-user rate limit are checked at once; questions and
/// commands then run on the chat's queue, so that different chats are answered at once while one chat's questions
/// stay in order. This method itself returns at once.
/// </summary>
public sealed class UpdateHandler(
    Conversations conversations,
    IQuestionAnswerer answerer,
    IKnowledgeStore store,
    FeedbackStore feedback,
    KnowledgeUpload upload,
    ChatDispatcher dispatcher,
    IUserRateLimit rateLimiter,
    TelegramSender sender,
    BotIdentity identity,
    IBotStats stats,
    Bot.Core.Hosting.BotMetrics metrics,
    TextCatalog texts,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<UpdateHandler> logger) : IUpdateHandler
{
    // Examples in /start: titles of the knowledge, shortened to this many characters.
    private const int ExampleTitleLength = 24;

    /// <summary>Signalled when the handler is asked to stop answering (host shutdown timed out).</summary>
    public CancellationToken Aborted { get; set; } = CancellationToken.None;

    /// <inheritdoc />
    public async Task HandleUpdateAsync(ITelegramBotClient bot, Update update, CancellationToken cancellationToken) => _ = await DispatchAsync(bot, update);

    /// <summary>
    /// Takes <paramref name="update"/>: decides at once what it asks for (refusals, the rate limit) and queues the work.
    /// The returned task completes when the update has been dealt with (its reply sent, or given up); it never faults.
    /// </summary>
    public async ValueTask<Task> DispatchAsync(ITelegramBotClient bot, Update update)
    {
        try
        {
            var work = update switch
            {
                { Message: { } message } => await OnMessageAsync(bot, message, edited: false),
                { EditedMessage: { } message } => await OnMessageAsync(bot, message, edited: true),
                { CallbackQuery: { } query } => OnCallbackQuery(bot, query),
                { InlineQuery: { } inline } => await OnInlineQueryAsync(bot, inline),
                _ => null,
            };
            if (work is null)
            {
                logger.LogDebug("Update {UpdateId} is not for the bot", update.Id);
                return Task.CompletedTask;
            }
            return work.ContinueWith(_ => { }, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }
        catch (Exception e)
        {
            // One bad update must never stop the bot.
            logger.LogError(e, "Update {UpdateId} could not be handled", update.Id);
            return Task.CompletedTask;
        }
    }

    /// <inheritdoc />
    public Task HandleErrorAsync(ITelegramBotClient bot, Exception exception, HandleErrorSource source, CancellationToken cancellationToken)
    {
        logger.LogWarning("Polling error ({Source}): {Error}", source, SecretRedactor.Redact(exception.Message, options.Value.BotToken));
        return Task.CompletedTask;
    }

    // A button under an answer: a source opens its passage as a reply; 👍 / 👎 is recorded once per user, and the row
    // then says thanks. Data that is not ours (forged, or of a forgotten answer) is answered with "no longer works".
    private Task OnCallbackQuery(ITelegramBotClient bot, CallbackQuery query)
    {
        var language = texts.LanguageOf(query.From.LanguageCode);
        return dispatcher.Run(async () =>
        {
            try
            {
                string? notice = null;
                switch (AnswerButtons.Parse(query.Data))
                {
                    case ButtonPress.Source source when query.Message is { } message && AnswerButtons.Find(store.Current, source.ArticleKey) is { } article:
                        await ReplyAsync(bot, message, Passage(article, source.Position, language));
                        break;
                    case ButtonPress.Rating rating when query.Message is { } message:
                        var result = feedback.Rate(message.Chat.Id, rating.AnswerId, query.From.Id, rating.Up);
                        notice = texts.Get(language, result switch
                        {
                            RatingResult.Recorded => "rated",
                            RatingResult.AlreadyRated => "alreadyRated",
                            _ => "expired",
                        });
                        if (result == RatingResult.Recorded)
                        {
                            await sender.SendAsync("editMessageReplyMarkup", message.Chat.Id, ct => bot.EditMessageReplyMarkup(message.Chat.Id, message.MessageId,
                                AnswerButtons.Rated(message.ReplyMarkup, texts.Get(language, "thanks")), cancellationToken: ct), Aborted);
                        }
                        break;
                    case ButtonPress.Done:
                        break;
                    default:
                        notice = texts.Get(language, "expired");
                        break;
                }
                await sender.SendAsync("answerCallbackQuery", query.Message?.Chat.Id ?? 0, async ct =>
                {
                    await bot.AnswerCallbackQuery(query.Id, notice, cancellationToken: ct);
                    return true;
                }, Aborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Button press {QueryId} could not be handled", query.Id);
            }
        });
    }

    // The cited passage with the passages around it, its title, date and file.
    private string Passage(Article article, int position, string language)
    {
        var passages = store.Current.PassagesOf(article);
        var around = passages.Where(p => Math.Abs(p.Position - position) <= 1).Select(p => p.Text);
        var citation = new Citation(article.Id, article.Title, article.SourcePath, article.Date, "", 0);
        var text = $"{citation.Label}\n{texts.Get(language, "passageFile", System.IO.Path.GetFileName(article.SourcePath))}\n\n{string.Join("\n", around)}";
        return ReplyFormatter.Pack([HtmlText.Escape(text)!])[0];
    }

    // "@bot question" in any chat: the answer offered as one result to share there. Who may ask is decided by the
    // sender (the chat is not known); throttled like other questions; results are cached by Telegram only briefly.
    private async ValueTask<Task> OnInlineQueryAsync(ITelegramBotClient bot, InlineQuery inline)
    {
        var question = inline.Query.Trim();
        var allowed = options.Value.AllowedChatIds.Length == 0 || options.Value.AllowedChatIds.Contains(inline.From.Id);
        var throttled = allowed && question.Length > 0 && !await rateLimiter.TryAcquireAsync(inline.From.Id, "i" + inline.Id);
        return dispatcher.Run(async () =>
        {
            try
            {
                InlineQueryResult[] results = [];
                if (allowed && !throttled && question.Length > InlineQueryMax)
                {
                    // Telegram sends at most 256 characters; a longer query is forged, and told so.
                    results = [InlineResult(new Answer(question, Messages.TooLong(texts.LanguageOfText(question), question.Length, InlineQueryMax), AnswerStatus.Invalid, [], TimeSpan.Zero))];
                }
                else if (allowed && !throttled && question.Length > 0)
                {
                    var answer = await answerer.AnswerAsync(question, null, Aborted);
                    metrics.Record(answer);
                    await RecordAsync(answer);
                    results = [InlineResult(answer)];
                }
                await sender.SendAsync("answerInlineQuery", inline.From.Id, async ct =>
                {
                    await bot.AnswerInlineQuery(inline.Id, results, cacheTime: InlineCacheSeconds, isPersonal: options.Value.AllowedChatIds.Length > 0, cancellationToken: ct);
                    return true;
                }, Aborted);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Inline query {QueryId} could not be answered", inline.Id);
            }
        });
    }

    // Seconds Telegram may serve an inline answer from its cache: short, so a reloaded knowledge shows soon.
    private const int InlineCacheSeconds = 10;

    // The longest inline query Telegram sends.
    private const int InlineQueryMax = 256;

    private static InlineQueryResultArticle InlineResult(Answer answer)
    {
        var text = answer.Marked;
        var title = text.Length <= 60 ? text : Citation.Shorten(text, 60);
        var message = answer.Sources.Count == 0 ? text : text + "\n\n" + string.Join("\n", answer.SourceLines);
        if (message.Length > ReplyFormatter.MaxMessageLength)
            message = message[..(ReplyFormatter.MaxMessageLength - 1)] + "…";
        var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(message)))[..32];
        return new InlineQueryResultArticle(id, title, new InputTextMessageContent(message))
        {
            Description = answer.Sources.Count > 0 ? answer.Sources[0].Label : null,
        };
    }

    private async ValueTask<Task?> OnMessageAsync(ITelegramBotClient bot, Message message, bool edited)
    {
        var isPrivate = message.Chat.Type == ChatType.Private;
        var request = edited ? null : BotRequest.Parse(message.Text, isPrivate, identity.Me.Username ?? "", message.ReplyToMessage?.From?.Id == identity.Me.Id);
        // Outside a private chat the bot speaks only when spoken to; in private, stickers, photos and edits get a hint.
        if (request is null && !(isPrivate && (edited || message.Text is null)))
            return null;

        // Commands, greetings and refusals are in the user's language; answers in the question's.
        var language = texts.LanguageOf(message.From?.LanguageCode);
        // Refusals are decided before the chat's queue is used, and sent beside it.
        if (options.Value.AllowedChatIds.Length > 0 && !options.Value.AllowedChatIds.Contains(message.Chat.Id))
            return Refuse(bot, message, texts.Get(language, "notAllowed"));
        // A document sent (or forwarded) in private: new knowledge, from an admin.
        if (request is null && isPrivate && !edited && message.Document is { } document)
        {
            if (!IsAdmin(message))
                return Refuse(bot, message, texts.Get(language, "uploadAdminOnly"));
            return dispatcher.Enqueue(message.Chat.Id, async () =>
            {
                try
                {
                    await ReplyAsync(bot, message, HtmlText.Escape(await upload.AddAsync(bot, document, language, Aborted))!);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Document {MessageId} could not be added", message.MessageId);
                    await ReplyAsync(bot, message, HtmlText.Escape(texts.Get(language, "uploadRefused", document.FileName ?? "", e.GetType().Name))!);
                }
            });
        }
        if (request is null)
            return Refuse(bot, message, texts.Get(language, "textOnly"));
        if (request.IsQuestion && message.From is { } from && !await rateLimiter.TryAcquireAsync(from.Id, $"m{message.Chat.Id}:{message.MessageId}"))
            return sender.RefuseOncePerWindow(bot, message, from.Id, HtmlText.Escape(texts.Get(language, "slowDown"))!, TimeSpan.FromMinutes(1), Aborted);

        // Access by the command table: an admins' command from anyone else gets the one refusal, whatever the command.
        Func<Task> work = BotCommands.Find(request.Command) is { Audience: CommandAudience.Admins } && !IsAdmin(message)
            ? () => ReplyAsync(bot, message, HtmlText.Escape(texts.Get(language, "adminOnly")))
            : request.Command switch
        {
            "start" => () => ReplyAsync(bot, message, Start(language)),
            "help" => () => ReplyAsync(bot, message, Help(language, IsAdmin(message))),
            "sources" => () => ReplyAsync(bot, message, Sources(language)),
            "reset" => () => ResetAsync(bot, message, language),
            "stats" => () => StatsAsync(bot, message, language),
            "feedback" => () => FeedbackAsync(bot, message, language),
            "forget" => () => ForgetAsync(bot, message, request.Argument, language),
            "reload" => () => ReloadAsync(bot, message, language),
            "ask" when request.Argument.Length == 0 => () => ReplyAsync(bot, message, HtmlText.Escape(texts.Get(language, "askUsage"))),
            "ask" or null => () => AskAsync(bot, message, request.Argument),
            _ when isPrivate => () => ReplyAsync(bot, message, Help(language, IsAdmin(message))),
            _ => () => Task.CompletedTask,
        };
        return dispatcher.Enqueue(message.Chat.Id, async () =>
        {
            try
            {
                await work();
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Answering message {MessageId} in chat {ChatId} failed", message.MessageId, message.Chat.Id);
            }
        });
    }

    private Task Refuse(ITelegramBotClient bot, Message message, string text) => dispatcher.Run(() => ReplyAsync(bot, message, HtmlText.Escape(text)));

    private Task RecordAsync(Answer answer) => answer.Status == AnswerStatus.Invalid ? Task.CompletedTask : stats.RecordAsync(answer.Answered, answer.Elapsed, Aborted);

    private async Task AskAsync(ITelegramBotClient bot, Message message, string question)
    {
        await sender.SendAsync("sendChatAction", message.Chat.Id, async ct =>
        {
            await bot.SendChatAction(message.Chat.Id, ChatAction.Typing, cancellationToken: ct);
            return true;
        }, Aborted);
        var reply = new StreamingReply(bot, message, sender, time, Aborted);
        var answer = await conversations.AskAsync(new Asker(ConversationKey(message), message.From?.Id), question, reply.Progress, Aborted);
        await RecordAsync(answer);
        var last = await reply.CompleteAsync(ReplyFormatter.Format(answer));
        if (answer.Status == AnswerStatus.Invalid || last is not { } lastId)
            return;
        // The answer is recorded (its text only when the admin keeps questions) so that its buttons can be rated.
        var keep = options.Value.KeepQuestions;
        var id = feedback.RecordAnswer(message.Chat.Id, keep ? question : null, keep ? answer.Text : null, answer.Sources.Select(s => s.Id).ToList(), answer.Answered);
        await sender.SendAsync("editMessageReplyMarkup", message.Chat.Id, ct => bot.EditMessageReplyMarkup(message.Chat.Id, lastId, AnswerButtons.For(answer, id), cancellationToken: ct), Aborted);
    }

    private async Task ResetAsync(ITelegramBotClient bot, Message message, string language)
    {
        await conversations.ResetAsync(ConversationKey(message), Aborted);
        await ReplyAsync(bot, message, HtmlText.Escape(texts.Get(language, "reset")));
    }

    private async Task StatsAsync(ITelegramBotClient bot, Message message, string language)
    {
        var s = await stats.ReadAsync(Aborted);
        await ReplyAsync(bot, message, HtmlText.Escape(texts.Get(language, "stats", s.Answered, s.Declined,
            s.MedianMs.ToString("F0", System.Globalization.CultureInfo.InvariantCulture), await conversations.CountAsync(Aborted))));
    }

    private async Task ForgetAsync(ITelegramBotClient bot, Message message, string file, string language) =>
        await ReplyAsync(bot, message, HtmlText.Escape(await upload.ForgetAsync(file, language, Aborted))!);

    private Task FeedbackAsync(ITelegramBotClient bot, Message message, string language)
    {
        var s = feedback.Summarize(5);
        var sb = new StringBuilder(texts.Get(language, "feedback", s.Answers, s.Declined, s.Up, s.Down));
        void AppendRanked(string heading, IReadOnlyList<(string Question, int Count)> ranked)
        {
            if (ranked.Count > 0)
                sb.Append('\n').Append(texts.Get(language, heading)).Append(string.Concat(ranked.Select(q => $"\n{q.Count} × {q.Question}")));
        }
        AppendRanked("feedbackDeclined", s.MostDeclined);
        AppendRanked("feedbackDisliked", s.MostDisliked);
        return ReplyAsync(bot, message, ReplyFormatter.Pack([HtmlText.Escape(sb.ToString())!])[0]);
    }

    private async Task ReloadAsync(ITelegramBotClient bot, Message message, string language)
    {
        var reloaded = await store.LoadAsync(Aborted);
        await ReplyAsync(bot, message, HtmlText.Escape(texts.Get(language, "reloaded", reloaded.Articles.Count, reloaded.Changes) +
            (reloaded.Skipped.Count > 0 ? texts.Get(language, "reloadedSkipped", reloaded.Skipped.Count) : "")));
    }

    private Task<Message?> ReplyAsync(ITelegramBotClient bot, Message to, string html) => sender.ReplyAsync(bot, to, html, Aborted);

    // One short greeting with three example questions made from the knowledge's own titles.
    private string Start(string language)
    {
        var snapshot = store.Current;
        if (snapshot.Articles.Count == 0)
            return HtmlText.Escape(texts.Get(language, "noArticles") + "\n" + texts.Get(language, "startHint"))!;
        var sb = new StringBuilder(HtmlText.Escape(texts.Get(language, "greeting", snapshot.Articles.Count)));
        var step = Math.Max(1, snapshot.Articles.Count / 3);
        foreach (var title in snapshot.Articles.Where((_, i) => i % step == 0).Take(3).Select(a => Citation.Shorten(a.Title, ExampleTitleLength)))
            sb.Append("\n• ").Append(HtmlText.Escape(texts.Get(language, "example", title)));
        sb.Append("\n\n").Append(HtmlText.Escape(texts.Get(language, "startHint")));
        return sb.ToString();
    }

    private string Help(string language, bool admin)
    {
        var sb = new StringBuilder($"<b>{HtmlText.Escape(texts.Get(language, "helpTitle"))}</b>\n");
        sb.Append(HtmlText.Escape(texts.Get(language, "help")));
        sb.Append("\n\n").Append(HtmlText.Escape(texts.Get(language, "helpPrivacy")));
        if (admin)
            sb.Append("\n").Append(HtmlText.Escape(texts.Get(language, "helpAdmin")));
        return sb.ToString();
    }

    private string Sources(string language)
    {
        var snapshot = store.Current;
        var blocks = new List<string> { HtmlText.Escape(texts.Get(language, "sourcesHeading", snapshot.Articles.Count))! };
        blocks.AddRange(snapshot.Articles.Take(30).Select((a, i) => HtmlText.Escape($"{i + 1}. {Citation.Shorten(a.Title)}{(a.Date is { } d ? $" {d:yyyy-MM-dd}" : "")}")!));
        if (snapshot.Articles.Count > 30)
            blocks.Add(HtmlText.Escape(texts.Get(language, "sourcesMore", snapshot.Articles.Count - 30))!);
        if (snapshot.Skipped.Count > 0)
            blocks.Add(HtmlText.Escape(texts.Get(language, "skippedHeading") + "\n" + string.Join("\n", snapshot.Skipped.Select(s => $"{s.Path}: {s.Reason}")))!);
        return ReplyFormatter.Pack([string.Join("\n", blocks)])[0];
    }

    private bool IsAdmin(Message message) => message.From is { } from && options.Value.AdminUserIds.Contains(from.Id);

    // In a group each member's follow-ups lean on their own previous question, not on whoever asked last.
    private static string ConversationKey(Message message) =>
        message.Chat.Type == ChatType.Private || message.From is null ? $"tg:{message.Chat.Id}" : $"tg:{message.Chat.Id}:{message.From.Id}";
}
