using Telegram.Bot.Types;

namespace Bot.Telegram.State;

/// <summary>Told when Telegram has taken a reply to a user's message, before anything else is done for it.</summary>
public interface IReplyObserver
{
    /// <summary>Telegram has taken a reply to <paramref name="question"/>.</summary>
    Task RepliedAsync(Message question, CancellationToken cancellationToken);

    /// <summary>
    /// Asked just before a reply to <paramref name="question"/> is sent: false drops it (the work was taken under a
    /// shard lease this replica no longer holds). True unless an observer knows better.
    /// </summary>
    ValueTask<bool> MaySendAsync(Message question, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
