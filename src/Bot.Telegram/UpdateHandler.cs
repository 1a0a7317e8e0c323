using Bot.Core.Hosting;
using System.Text;
using Bot.Core.Answering;
using Bot.Core.Knowledge;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Dispatches each update by its shape. Questions are answered on the chat's queue, so that different chats are
/// answered at once while one chat's questions stay in order; this method itself returns at once.
/// </summary>
public sealed class UpdateHandler(
    IQuestionAnswerer answerer,
    IKnowledgeStore store,
    ConversationStore conversations,
    ChatDispatcher dispatcher,
    UserRateLimiter rateLimiter,
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
            switch (update)
            {
                case { Message: { } message }:
                    Dispatch(bot, message, edited: false);
                    break;
                case { EditedMessage: { } message }:
                    Dispatch(bot, message, edited: true);
                    break;
                case { CallbackQuery: { } query }:
                    _ = sender.SendAsync("answerCallbackQuery", query.Message?.Chat.Id ?? 0,
                        async ct =>
                        {
                            await bot.AnswerCallbackQuery(query.Id, cancellationToken: ct);
                            return true;
                        }, Aborted);
                    break;
            }
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

    private void Dispatch(ITelegramBotClient bot, Message message, bool edited)
    {
        var chat = message.Chat;
        var isPrivate = chat.Type == ChatType.Private;
        var text = message.Text ?? "";
        var request = edited ? null : Parse(message, isPrivate);

        if (request is null && !(isPrivate && (edited || message.Text is null)))
            return;

        dispatcher.Enqueue(chat.Id, async () =>
        {
            try
            {
                if (options.Value.AllowedChatIds.Length > 0 && !options.Value.AllowedChatIds.Contains(chat.Id))
                {
                    await ReplyAsync(bot, message, HtmlText.Escape(NotAllowed));
                    return;
                }
                if (request is null)
                {
                    await ReplyAsync(bot, message, HtmlText.Escape(TextOnly));
                    return;
                }
                await HandleAsync(bot, message, request);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Answering message {MessageId} in chat {ChatId} failed", message.MessageId, chat.Id);
            }
        });
    }

    private async Task HandleAsync(ITelegramBotClient bot, Message message, Request request)
    {
        var key = ConversationKey(message);
        switch (request.Command)
        {
            case "start" or "help":
                await ReplyAsync(bot, message, Help());
                return;
            case "sources":
                await ReplyAsync(bot, message, Sources());
                return;
            case "reset":
                conversations.Reset(key);
                await ReplyAsync(bot, message, HtmlText.Escape("好的，重新开始。/ Conversation cleared."));
                return;
            case "stats":
                await ReplyAsync(bot, message, IsAdmin(message) ? HtmlText.Escape(
                    $"已回答 {stats.Answered}，未找到 {stats.Declined}，中位延迟 {stats.MedianMs:F0} ms，会话 {conversations.Count}。") : HtmlText.Escape(AdminOnly));
                return;
            case "reload":
                if (!IsAdmin(message))
                {
                    await ReplyAsync(bot, message, HtmlText.Escape(AdminOnly));
                    return;
                }
                var reloaded = await store.LoadAsync(Aborted);
                await ReplyAsync(bot, message, HtmlText.Escape($"已重新载入 {reloaded.Articles.Count} 篇文章：{reloaded.Changes}" +
                    (reloaded.Skipped.Count > 0 ? $"；{reloaded.Skipped.Count} 个文件未读入（/sources 查看）" : "")));
                return;
            case "ask" when string.IsNullOrWhiteSpace(request.Question):
                await ReplyAsync(bot, message, HtmlText.Escape(AskUsage));
                return;
            case "ask" or null:
                break;
            default:
                if (message.Chat.Type == ChatType.Private)
                    await ReplyAsync(bot, message, Help());
                return;
        }

        if (message.From is { } from && !rateLimiter.TryAcquire(from.Id))
        {
            await ReplyAsync(bot, message, HtmlText.Escape(SlowDown));
            return;
        }

        await sender.SendAsync("sendChatAction", message.Chat.Id,
            async ct =>
            {
                await bot.SendChatAction(message.Chat.Id, ChatAction.Typing, cancellationToken: ct);
                return true;
            }, Aborted);
        var reply = new StreamingReply(bot, message, sender, time, Aborted);
        var answer = await answerer.AnswerStreamingAsync(request.Question!, conversations.Get(key), reply.OnPartialAsync, Aborted);
        if (answer.Status != AnswerStatus.Invalid)
        {
            stats.Record(answer.Answered, answer.Elapsed);
            conversations.Add(key, new ConversationTurn(request.Question!, answer.StandaloneQuestion ?? request.Question!, answer.Text));
        }
        await reply.CompleteAsync(ReplyFormatter.Format(answer));
    }

    private Task<Message?> ReplyAsync(ITelegramBotClient bot, Message to, string html) => sender.ReplyAsync(bot, to, html, Aborted);

    // Private chat: every text is a question. Group: only a mention, a reply to the bot, or a command.
    private Request? Parse(Message message, bool isPrivate)
    {
        var text = message.Text?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;
        var me = identity.Me;
        var username = me.Username ?? "";

        if (text.StartsWith('/'))
        {
            var space = text.IndexOfAny([' ', '\n']);
            var head = space < 0 ? text[1..] : text[1..space];
            var rest = space < 0 ? "" : text[(space + 1)..].Trim();
            var at = head.IndexOf('@');
            if (at >= 0)
            {
                if (!head[(at + 1)..].Equals(username, StringComparison.OrdinalIgnoreCase))
                    return null;
                head = head[..at];
            }
            else if (!isPrivate && head.ToLowerInvariant() is not ("ask" or "help" or "start" or "sources" or "stats" or "reset" or "reload"))
            {
                return null;
            }
            return new Request(head.ToLowerInvariant(), rest);
        }

        if (isPrivate)
            return new Request(null, text);

        var mention = "@" + username;
        if (username.Length > 0 && text.Contains(mention, StringComparison.OrdinalIgnoreCase))
            return new Request(null, text.Replace(mention, " ", StringComparison.OrdinalIgnoreCase).Trim());
        if (message.ReplyToMessage?.From?.Id == me.Id)
            return new Request(null, text);
        return null;
    }

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

    private sealed record Request(string? Command, string? Question);
}
