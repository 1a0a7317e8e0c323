using Bot.Core.State;
using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace Bot.Telegram.Webhook;

/// <summary>
/// The webhook's queue in one process (no <c>State:Redis</c>): an accepted update goes straight to the chat's queue of
/// <see cref="ChatDispatcher"/>; the ids of the last updates are remembered so that a redelivery is answered once.
/// What is in flight lives in this process only: a crash loses it, which is why several replicas need Redis.
/// Until the bot knows who it is (<c>getMe</c>), an update is refused (the webhook answers 503 and Telegram delivers it
/// again): answered then, it was lost with "the bot identity is not known" after a 200.
/// </summary>
public sealed class InProcessUpdateQueue(ITelegramBotClient bot, UpdateHandler handler, BotIdentity identity, ILogger<InProcessUpdateQueue> logger) : IUpdateQueue
{
    // Telegram redelivers within hours at most; this many ids cover far more than that at any rate this process takes.
    private const int RememberedIds = 100_000;

    private readonly Lock _lock = new();
    private readonly HashSet<long> _seen = [];
    private readonly Queue<long> _order = new();

    /// <inheritdoc />
    public async Task<bool> AcceptAsync(QueuedUpdate update, CancellationToken cancellationToken)
    {
        if (!identity.IsKnown)
            throw new InvalidOperationException("The bot does not know who it is yet (getMe has not answered).");
        lock (_lock)
        {
            if (!_seen.Add(update.UpdateId))
                return false;
            _order.Enqueue(update.UpdateId);
            if (_order.Count > RememberedIds)
                _seen.Remove(_order.Dequeue());
        }
        if (UpdateReader.Read(update.Json) is { } read)
            _ = await handler.DispatchAsync(bot, read).ConfigureAwait(false);
        else
            logger.LogError("Update {UpdateId} cannot be read; skipped", update.UpdateId);
        return true;
    }
}
