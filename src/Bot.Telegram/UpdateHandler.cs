using System.Text;
using System.Threading.RateLimiting;
using Bot.Core.Answering;
using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Dispatches each update by its shape. The allow-list and the per-user rate limit are checked at once; questions and
/// commands then run on the chat's queue, so that different chats are answered at once while one chat's questions
/// stay in order. This method itself returns at once.
/// </summary>
public sealed class UpdateHandler(
    Conversations conversations,
    IKnowledgeStore store,
    ChatDispatcher dispatcher,
    PartitionedRateLimiter<long> rateLimiter,
    TelegramSender sender,
    BotIdentity identity,
    BotStats stats,
    IOptions<TelegramOptions> options,
    TimeProvider time,
    ILogger<UpdateHandler> logger) : IUpdateHandler
{
    private const string TextOnly = "我只能回答文字问题。/ Text questions only, please.";
    private const string AskUsage = "用法：/ask 你的问题，例如 /ask 南虹桥签约了多少个项目？";
    private const string NotAllowed = "这个机器人不在本聊天开放。/ This bot is not available in this chat.";
    private const string SlowDown = "问得有点快了，请稍等一会儿再问。/ You are asking a bit fast; please wait a moment.";
    private const string AdminOnly = "这个命令只对管理员开放。/ This command is for admins only.";

    /// <summary>Signalled when the handler is asked to stop answering (host shutdown timed out).</summary>
    public CancellationToken Aborted { get; set; } = CancellationToken.None;

    /// <inheritdoc />
    public Task HandleUpdateAsync(ITelegramBotClient bot, Update update, CancellationToken cancellationToken)
    {
        try
        {
            var handled = update switch
            {
                { Message: { } message } => OnMessage(bot, message, edited: false),
                { EditedMessage: { } message } => OnMessage(bot, message, edited: true),
                { CallbackQuery: { } query } => OnCallbackQuery(bot, query),
                _ => false,
            };
            if (!handled)
                logger.LogDebug("Update {UpdateId} is not for the bot", update.Id);
        }
        catch (Exception e)
        {
            // One bad update must never stop the bot.
            logger.LogError(e, "Update {UpdateId} could not be handled", update.Id);
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task HandleErrorAsync(ITelegramBotClient bot, Exception exception, HandleErrorSource source, CancellationToken cancellationToken)
    {
        logger.LogWarning("Polling error ({Source}): {Error}", source, SecretRedactor.Redact(exception.Message, options.Value.BotToken));
        return Task.CompletedTask;
    }

    private bool OnCallbackQuery(ITelegramBotClient bot, CallbackQuery query)
    {
        dispatcher.Run(() => sender.SendAsync("answerCallbackQuery", query.Message?.Chat.Id ?? 0, async ct =>
        {
            await bot.AnswerCallbackQuery(query.Id, cancellationToken: ct);
            return true;
        }, Aborted));
        return true;
    }

    private bool OnMessage(ITelegramBotClient bot, Message message, bool edited)
    {
        var isPrivate = message.Chat.Type == ChatType.Private;
        var request = edited ? null : BotRequest.Parse(message.Text, isPrivate, identity.Me.Username ?? "", message.ReplyToMessage?.From?.Id == identity.Me.Id);
        // Outside a private chat the bot speaks only when spoken to; in private, stickers, photos and edits get a hint.
        if (request is null && !(isPrivate && (edited || message.Text is null)))
            return false;

        // Refusals are decided before the chat's queue is used, and sent beside it.
        if (options.Value.AllowedChatIds.Length > 0 && !options.Value.AllowedChatIds.Contains(message.Chat.Id))
            return Refuse(bot, message, NotAllowed);
        if (request is null)
            return Refuse(bot, message, TextOnly);
        if (request.IsQuestion && message.From is { } from)
        {
            using var lease = rateLimiter.AttemptAcquire(from.Id);
            if (!lease.IsAcquired)
                return Refuse(bot, message, SlowDown);
        }

        Func<Task> work = request.Command switch
        {
            "start" or "help" => () => ReplyAsync(bot, message, Help()),
            "sources" => () => ReplyAsync(bot, message, Sources()),
            "reset" => () => ResetAsync(bot, message),
            "stats" => () => StatsAsync(bot, message),
            "reload" => () => ReloadAsync(bot, message),
            "ask" when request.Argument.Length == 0 => () => ReplyAsync(bot, message, HtmlText.Escape(AskUsage)),
            "ask" or null => () => AskAsync(bot, message, request.Argument),
            _ when isPrivate => () => ReplyAsync(bot, message, Help()),
            _ => () => Task.CompletedTask,
        };
        dispatcher.Enqueue(message.Chat.Id, async () =>
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
        return true;
    }

    private bool Refuse(ITelegramBotClient bot, Message message, string text)
    {
        dispatcher.Run(() => ReplyAsync(bot, message, HtmlText.Escape(text)));
        return true;
    }

    private async Task AskAsync(ITelegramBotClient bot, Message message, string question)
    {
        await sender.SendAsync("sendChatAction", message.Chat.Id, async ct =>
        {
            await bot.SendChatAction(message.Chat.Id, ChatAction.Typing, cancellationToken: ct);
            return true;
        }, Aborted);
        var reply = new StreamingReply(bot, message, sender, time, Aborted);
        var answer = await conversations.AskAsync(new Asker(ConversationKey(message), message.From?.Id), question, reply.Progress, Aborted);
        if (answer.Status != AnswerStatus.Invalid)
            stats.Record(answer.Answered, answer.Elapsed);
        await reply.CompleteAsync(ReplyFormatter.Format(answer));
    }

    private Task ResetAsync(ITelegramBotClient bot, Message message)
    {
        conversations.Reset(ConversationKey(message));
        return ReplyAsync(bot, message, HtmlText.Escape("好的，重新开始。/ Conversation cleared."));
    }

    private Task StatsAsync(ITelegramBotClient bot, Message message) =>
        ReplyAsync(bot, message, HtmlText.Escape(IsAdmin(message)
            ? $"已回答 {stats.Answered}，未找到 {stats.Declined}，中位延迟 {stats.MedianMs:F0} ms，会话 {conversations.Count}。"
            : AdminOnly));

    private async Task ReloadAsync(ITelegramBotClient bot, Message message)
    {
        if (!IsAdmin(message))
        {
            await ReplyAsync(bot, message, HtmlText.Escape(AdminOnly));
            return;
        }
        var reloaded = await store.LoadAsync(Aborted);
        await ReplyAsync(bot, message, HtmlText.Escape($"已重新载入 {reloaded.Articles.Count} 篇文章：{reloaded.Changes}" +
            (reloaded.Skipped.Count > 0 ? $"；{reloaded.Skipped.Count} 个文件未读入（/sources 查看）" : "")));
    }

    private Task<Message?> ReplyAsync(ITelegramBotClient bot, Message to, string html) => sender.ReplyAsync(bot, to, html, Aborted);

    private string Help()
    {
        var snapshot = store.Current;
        var sb = new StringBuilder();
        sb.Append("<b>新闻问答机器人 / News Q&amp;A bot</b>\n");
        sb.Append(HtmlText.Escape($"我读过 {snapshot.Articles.Count} 篇文章，例如：")).Append('\n');
        foreach (var title in snapshot.Articles.Take(3).Select(a => a.Title))
            sb.Append("• ").Append(HtmlText.Escape(title.Length > 60 ? title[..59] + "…" : title)).Append('\n');
        sb.Append('\n').Append(HtmlText.Escape("直接发问题即可（群里请 @我、回复我，或用 /ask 问题）。/sources 列出文章，/reset 重新开始对话。"));
        return sb.ToString();
    }

    private string Sources()
    {
        var snapshot = store.Current;
        var blocks = new List<string> { HtmlText.Escape($"共 {snapshot.Articles.Count} 篇文章 / {snapshot.Articles.Count} articles:") };
        blocks.AddRange(snapshot.Articles.Take(30).Select((a, i) => HtmlText.Escape($"{i + 1}. {a.Title}{(a.Date is { } d ? $" ({d:yyyy-MM-dd})" : "")}")));
        if (snapshot.Articles.Count > 30)
            blocks.Add(HtmlText.Escape($"… 以及另外 {snapshot.Articles.Count - 30} 篇"));
        if (snapshot.Skipped.Count > 0)
            blocks.Add(HtmlText.Escape("未读入的文件 / skipped files:\n" + string.Join("\n", snapshot.Skipped.Select(s => $"{s.Path}: {s.Reason}"))));
        return ReplyFormatter.Pack([string.Join("\n", blocks)])[0];
    }

    private bool IsAdmin(Message message) => message.From is { } from && options.Value.AdminUserIds.Contains(from.Id);

    private static string ConversationKey(Message message) => $"tg:{message.Chat.Id}";
}
