namespace Bot.Telegram.Webhook;

/// <summary>
/// Where a webhook puts the updates it accepts, before they are answered: in process (one replica), or a shared durable
/// queue (several replicas). Accepting is idempotent by update id: an update delivered twice is queued once.
/// </summary>
public interface IUpdateQueue
{
    /// <summary>
    /// Queues <paramref name="update"/>; false when its id was queued before (a redelivery). Throws when the queue cannot
    /// take it now (the webhook then answers 503 and Telegram delivers it again).
    /// </summary>
    Task<bool> AcceptAsync(QueuedUpdate update, CancellationToken cancellationToken);
}

/// <summary>An update as accepted: its id, the chat it belongs to (for order), and its JSON as Telegram sent it.</summary>
/// <param name="UpdateId">Telegram's <c>update_id</c>.</param>
/// <param name="ChatId">The chat (or, for inline queries, the user) whose updates must stay in order.</param>
/// <param name="Json">The update's JSON.</param>
public sealed record QueuedUpdate(long UpdateId, long ChatId, string Json);
