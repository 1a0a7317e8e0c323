namespace Bot.Telegram.Newsroom;

/// <summary>What became of a message sent to a chat that did not ask for it.</summary>
public enum PushOutcome
{
    /// <summary>Telegram took it.</summary>
    Sent,

    /// <summary>The chat does not take the bot's messages (403: blocked, or the bot left the group).</summary>
    Blocked,

    /// <summary>Given up for now (429s or errors beyond <c>Telegram:SendRetrySeconds</c>); tried again later.</summary>
    Failed,
}
