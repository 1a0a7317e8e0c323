using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Commands;

/// <summary>One command as asked: the message, what it asks, the user's language, and the way to reply.</summary>
/// <param name="Bot">The Bot API client.</param>
/// <param name="Message">The message that asked.</param>
/// <param name="Request">The command (null for a plain question) and its argument.</param>
/// <param name="Language">The user's language, for commands' replies.</param>
/// <param name="IsAdmin">Whether the sender is an admin.</param>
/// <param name="Sender">Sends the replies.</param>
/// <param name="CancellationToken">Cancelled when answers in flight are abandoned.</param>
public sealed record CommandContext(ITelegramBotClient Bot, Message Message, BotRequest Request, string Language, bool IsAdmin, TelegramSender Sender,
    CancellationToken CancellationToken)
{
    /// <summary>What the question is asked about, read as the turn before it (the article a photo shows); null: the message it replies to.</summary>
    public string? Context { get; init; }

    /// <summary>Replies to the message with <paramref name="html"/>.</summary>
    public Task<Message?> ReplyAsync(string html) => Sender.ReplyAsync(Bot, Message, html, CancellationToken);
}
