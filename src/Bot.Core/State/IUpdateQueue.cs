namespace Bot.Core.State;

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

/// <summary>
/// The front end's side of a shared update queue: reads an update's JSON and answers it. Registered by a front end that
/// can take its updates from the queue; a shared queue is read only where one is registered and <see cref="UpdateIntake"/>
/// says the updates come from the queue.
/// </summary>
public interface IUpdateConsumer
{
    /// <summary>True once the front end can answer (it knows who it is).</summary>
    bool IsReady { get; }

    /// <summary>Reads an update as queued; null when it cannot be read.</summary>
    ConsumedUpdate? Read(string json);

    /// <summary>Starts answering <paramref name="update"/>; the task returned completes when it has been dealt with, and never faults.</summary>
    ValueTask<Task> DispatchAsync(ConsumedUpdate update);
}

/// <summary>
/// How this process's front end takes its updates, decided once from its bound options (Telegram's webhook mode: from the
/// update queue; polling: from the messenger directly). Not registered: not from the queue.
/// </summary>
/// <param name="FromQueue">True when the updates go through the update queue, which is then read here.</param>
public sealed record UpdateIntake(bool FromQueue);

/// <summary>An update as the front end read it.</summary>
/// <param name="Id">The update's id.</param>
/// <param name="Question">The message it carries (a question to reply to), or null.</param>
/// <param name="Content">The front end's own form of the update, handed back to <see cref="IUpdateConsumer.DispatchAsync"/>.</param>
public sealed record ConsumedUpdate(long Id, MessageKey? Question, object Content);

/// <summary>A message: its chat and its id within the chat.</summary>
/// <param name="ChatId">The chat.</param>
/// <param name="MessageId">The message's id in the chat.</param>
public sealed record MessageKey(long ChatId, int MessageId);

/// <summary>Told when the messenger has taken a reply to a user's message, before anything else is done for it.</summary>
public interface IReplyObserver
{
    /// <summary>The messenger has taken a reply to <paramref name="question"/>.</summary>
    Task RepliedAsync(MessageKey question, CancellationToken cancellationToken);

    /// <summary>
    /// Asked just before a reply to <paramref name="question"/> is sent: false drops it (the work was taken under a
    /// shard lease this replica no longer holds). True unless an observer knows better.
    /// </summary>
    ValueTask<bool> MaySendAsync(MessageKey question, CancellationToken cancellationToken) => ValueTask.FromResult(true);
}
