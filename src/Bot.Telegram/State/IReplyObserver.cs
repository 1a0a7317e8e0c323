using Telegram.Bot.Types;

namespace Bot.Telegram.State;

/// <summary>Told when Telegram has taken a reply to a user's message, before anything else is done for it.</summary>
public interface IReplyObserver
{
    /// <summary>Telegram has taken a reply to <paramref name="question"/>.</summary>
    Task RepliedAsync(Message question, CancellationToken cancellationToken);
}
