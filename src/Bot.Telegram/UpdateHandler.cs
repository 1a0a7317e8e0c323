using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.Hosting;
using Bot.Core.State;
using Bot.Telegram.Commands;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Dispatches each update by its shape. The allow-list, the admins' commands and the per-user rate limit are checked at
/// once; the command's class (<see cref="BotCommands"/>), a button press or an inline answer then runs on the chat's
/// queue, so that different chats are answered at once while one chat's questions stay in order. This method itself
/// returns at once.
/// </summary>
public sealed class UpdateHandler(
    CommandDispatch commands,
    ButtonPresses buttons,
    InlineAnswers inlineAnswers,
    KnowledgeUpload upload,
    ChatDispatcher dispatcher,
    IUserRateLimit rateLimiter,
    TelegramSender sender,
    BotIdentity identity,
    TextCatalog texts,
    IOptions<TelegramOptions> options,
    AnswerCancellation cancellation,
    ILogger<UpdateHandler> logger,
    QuestionJoiner joiner,
    PictureMessages pictures) : IUpdateHandler
{
    // Cancelled when the host's shutdown time runs out with answers in flight.
    private CancellationToken Aborted => cancellation.Token;

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
                { CallbackQuery: { } query } => dispatcher.Run(() => buttons.HandleAsync(bot, query, Aborted)),
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

    // Who may ask is decided by the sender (the chat is not known); throttled like other questions.
    private async ValueTask<Task> OnInlineQueryAsync(ITelegramBotClient bot, InlineQuery inline)
    {
        var question = inline.Query.Trim();
        var allowed = options.Value.AllowedChatIds.Length == 0 || options.Value.AllowedChatIds.Contains(inline.From.Id);
        var throttled = allowed && question.Length > 0 && !await rateLimiter.TryAcquireAsync(inline.From.Id, "i" + inline.Id);
        return dispatcher.Run(() => inlineAnswers.HandleAsync(bot, inline, allowed && !throttled, Aborted));
    }

    private async ValueTask<Task?> OnMessageAsync(ITelegramBotClient bot, Message message, bool edited)
    {
        var isPrivate = message.Chat.Type == ChatType.Private;
        // A photo, or a picture sent as a file: its caption is what it asks (PictureMessages).
        var picture = edited ? null : ChatPicture.Of(message);
        var request = edited ? null : BotRequest.Parse(picture is null ? message.Text : message.Caption, isPrivate, identity.Me.Username ?? "", message.ReplyToMessage?.From?.Id == identity.Me.Id);
        // Outside a private chat the bot speaks only when spoken to; in private, stickers, photos and edits get a hint.
        if (request is null && !(isPrivate && (edited || message.Text is null)))
            return null;

        // Commands, greetings and refusals are in the user's language; answers in the question's.
        var language = texts.LanguageOf(message.From?.LanguageCode);
        // Refusals are decided before the chat's queue is used, and sent beside it.
        if (options.Value.AllowedChatIds.Length > 0 && !options.Value.AllowedChatIds.Contains(message.Chat.Id))
            return Refuse(bot, message, texts.Get(language, "notAllowed"));
        if (picture is not null && (request is null ? isPrivate : request.IsQuestion))
        {
            if (request is not null && message.From is { } asker && !await rateLimiter.TryAcquireAsync(asker.Id, $"m{message.Chat.Id}:{message.MessageId}"))
                return sender.RefuseOncePerWindow(bot, message, asker.Id, HtmlText.Escape(texts.Get(language, "slowDown"))!, TimeSpan.FromMinutes(1), Aborted);
            var fromAdmin = IsAdmin(message);
            return dispatcher.Enqueue(message.Chat.Id, () => pictures.HandleAsync(bot, message, picture, request, language, fromAdmin, Aborted));
        }
        // A document sent (or forwarded) in private: new knowledge, from an admin.
        if (request is null && isPrivate && !edited && message.Document is { } document)
        {
            if (!IsAdmin(message))
                return Refuse(bot, message, texts.Get(language, "uploadAdminOnly"));
            return dispatcher.Enqueue(message.Chat.Id, () => UploadAsync(bot, message, document, language));
        }
        if (request is null)
            return Refuse(bot, message, texts.Get(language, "textOnly"));
        if (request.IsQuestion && message.From is { } from && !await rateLimiter.TryAcquireAsync(from.Id, $"m{message.Chat.Id}:{message.MessageId}"))
            return sender.RefuseOncePerWindow(bot, message, from.Id, HtmlText.Escape(texts.Get(language, "slowDown"))!, TimeSpan.FromMinutes(1), Aborted);

        // An admin's reply to an inbox item (or to its "答复" prompt) is the curated answer for its questions.
        var admin = IsAdmin(message);
        if (admin && request.Command is null && message.ReplyToMessage is { From.Id: var to } item && to == identity.Me.Id
            && Inbox.InboxButtons.TaggedGroup(item.Text) is { } group)
            request = new BotRequest(AnswerCommand.Spec.Name, Inbox.InboxButtons.Tag(group) + " | " + request.Argument);
        // A plain question is /ask; a command the bot does not know gets the help in private and nothing in a group.
        var command = BotCommands.Find(request.Command ?? AskCommand.Spec.Name) ?? (isPrivate ? HelpCommand.Spec : null);
        if (command is null)
            return dispatcher.Enqueue(message.Chat.Id, () => Task.CompletedTask);
        // Access by the command table: an admins' command from anyone else gets the one refusal, whatever the command.
        Task Run(Message asked, BotRequest what)
        {
            var context = new CommandContext(bot, asked, what, language, admin, sender, Aborted);
            Func<Task> work = command.Audience == CommandAudience.Admins && !admin
                ? () => context.ReplyAsync(HtmlText.Escape(texts.Get(language, "adminOnly")))
                : () => commands.HandlerOf(command).HandleAsync(context);
            return dispatcher.Enqueue(asked.Chat.Id, async () =>
            {
                try
                {
                    await work();
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogError(e, "Answering message {MessageId} in chat {ChatId} failed", asked.MessageId, asked.Chat.Id);
                }
            });
        }
        // A plain question waits a moment for the rest of it, when the user splits it over several messages.
        return request.Command is null && command == AskCommand.Spec && joiner.Enabled ? joiner.Add(message, request, Run) : Run(message, request);
    }

    private async Task UploadAsync(ITelegramBotClient bot, Message message, Document document, string language)
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
    }

    private Task Refuse(ITelegramBotClient bot, Message message, string text) => dispatcher.Run(() => ReplyAsync(bot, message, HtmlText.Escape(text)));

    private Task<Message?> ReplyAsync(ITelegramBotClient bot, Message to, string html) => sender.ReplyAsync(bot, to, html, Aborted);

    private bool IsAdmin(Message message) => message.From is { } from && options.Value.AdminUserIds.Contains(from.Id);
}
