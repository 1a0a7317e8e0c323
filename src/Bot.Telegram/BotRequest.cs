namespace Bot.Telegram;

/// <summary>What a message asks of the bot: a command (lower case, without the slash) with its argument, or a question.</summary>
/// <param name="Command">The command, or null for a plain question.</param>
/// <param name="Argument">The text after the command, or the question.</param>
public sealed record BotRequest(string? Command, string Argument)
{
    /// <summary>Commands the bot knows, aliases too (<see cref="BotCommands"/>); in groups, only these are taken without the bot's name.</summary>
    public static IReadOnlySet<string> Known => BotCommands.Words;

    /// <summary>
    /// Reads a message. Private chat: every text is a question, a leading slash a command. Group: only a command, a
    /// mention of the bot, or a reply to one of its messages. Null when the message is not for the bot (or has no text).
    /// </summary>
    public static BotRequest? Parse(string? text, bool isPrivate, string botUsername, bool isReplyToBot)
    {
        text = text?.Trim();
        if (string.IsNullOrEmpty(text))
            return null;

        if (text.StartsWith('/'))
        {
            var space = text.IndexOfAny([' ', '\n']);
            var head = space < 0 ? text[1..] : text[1..space];
            var rest = space < 0 ? "" : text[(space + 1)..].Trim();
            var at = head.IndexOf('@');
            if (at >= 0)
            {
                // "/ask@otherbot": another bot's command.
                if (!head[(at + 1)..].Equals(botUsername, StringComparison.OrdinalIgnoreCase))
                    return null;
                head = head[..at];
            }
            else if (!isPrivate && !Known.Contains(head.ToLowerInvariant()))
            {
                return null;
            }
            return new BotRequest(head.ToLowerInvariant(), rest);
        }

        if (isPrivate)
            return new BotRequest(null, text);

        var mention = "@" + botUsername;
        if (botUsername.Length > 0 && text.Contains(mention, StringComparison.OrdinalIgnoreCase))
            return new BotRequest(null, text.Replace(mention, " ", StringComparison.OrdinalIgnoreCase).Trim());
        return isReplyToBot ? new BotRequest(null, text) : null;
    }

    /// <summary>True when this asks a question (a plain question, or <c>/ask</c> with one).</summary>
    public bool IsQuestion => Command is null or "ask" && Argument.Length > 0;
}
