using Bot.Core.Answering;
using Bot.Core.State;
using Bot.Telegram.Inbox;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram.Commands;

/// <summary><c>/ask question</c>, and every plain question: answered in the conversation, streamed, with buttons to rate it.</summary>
public sealed class AskCommand(Conversations conversations, IAnswerLog log, TextCatalog texts, IOptions<TelegramOptions> options,
    TimeProvider time, InboxRecorder inbox) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("ask", CommandAudience.Everyone, typeof(AskCommand), new Dictionary<string, string>
    {
        ["zh"] = "提问（群里用：/ask 问题）",
        ["en"] = "Ask a question (in groups: /ask question)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var (bot, message, ct) = (context.Bot, context.Message, context.CancellationToken);
        var question = context.Request.Argument;
        if (context.Request.Command is not null && question.Length == 0)
        {
            await context.ReplyAsync(HtmlText.Escape(texts.Get(context.Language, "askUsage")));
            return;
        }
        await context.Sender.SendAsync("sendChatAction", message.Chat.Id, async c =>
        {
            await bot.SendChatAction(message.Chat.Id, ChatAction.Typing, cancellationToken: c);
            return true;
        }, ct);
        var reply = new StreamingReply(bot, message, context.Sender, time, ct);
        var answer = await conversations.AskAsync(new Asker(ConversationKey(message), message.From?.Id) { Context = context.Context ?? RepliedText(message) }, question, reply.Progress, ct);
        var last = await reply.CompleteAsync(ReplyFormatter.Format(answer));
        if (answer.Status == AnswerStatus.Invalid)
            return;
        await inbox.DeclinedAsync(message, question, answer, ct);
        // Recorded once, in the one answer log (its text only when the admin keeps questions): counted for /stats and
        // /feedback, and given the id its rating buttons name.
        var keep = options.Value.KeepQuestions;
        var id = await log.RecordAsync(new GivenAnswer(message.Chat.Id, keep ? question : null, keep ? answer.Text : null,
            answer.Sources.Select(s => s.Id).ToList(), answer.Answered, answer.Elapsed), ct);
        if (last is not { } lastId || id is null)
            return;
        await context.Sender.SendAsync("editMessageReplyMarkup", message.Chat.Id, c => bot.EditMessageReplyMarkup(message.Chat.Id, lastId, AnswerButtons.For(answer, id.Value), cancellationToken: c), ct);
    }

    /// <summary>
    /// The text of the message <paramref name="message"/> replies to (a forwarded article, a quoted line), read as the
    /// turn before the question; null when it replies to none, to the bot (its conversation holds that), or to no text.
    /// </summary>
    internal static string? RepliedText(Message message) =>
        message.Quote?.Text is { Length: > 0 } quote ? Citation.Shorten(quote, MaxContext)
        : message.ReplyToMessage is { From.IsBot: false } replied && (replied.Text ?? replied.Caption) is { Length: > 0 } text ? Citation.Shorten(text, MaxContext)
        : null;

    // Characters of a replied-to message read as context: its opening (a forwarded article's title and lead), not all of it.
    private const int MaxContext = 300;

    /// <summary>The conversation of a message: in a group each member's follow-ups lean on their own previous question, not on whoever asked last.</summary>
    internal static string ConversationKey(Message message) =>
        message.Chat.Type == ChatType.Private || message.From is null ? $"tg:{message.Chat.Id}" : $"tg:{message.Chat.Id}:{message.From.Id}";
}
