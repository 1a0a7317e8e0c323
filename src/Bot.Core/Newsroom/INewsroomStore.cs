namespace Bot.Core.Newsroom;

/// <summary>
/// Subscriptions, the articles seen and added, the pushes owed and the digests: one store, in a SQLite file by default
/// (<see cref="SqliteNewsroomStore"/>), shared by replicas in Redis with <c>State:Redis</c>. Everything is keyed by chat
/// as well as by its own id. A push owed is recorded in the same step that records its article as seen, and is taken
/// off only once Telegram has taken the message, under a claim of the chat that one replica holds at a time.
/// </summary>
public interface INewsroomStore
{
    /// <summary>Adds <paramref name="words"/> to <paramref name="chat"/>'s subscriptions, unless it has <paramref name="max"/> already.</summary>
    Task<SubscribeResult> SubscribeAsync(long chat, string words, int max, CancellationToken cancellationToken = default);

    /// <summary>Removes a subscription; false when the chat had none by these words.</summary>
    Task<bool> UnsubscribeAsync(long chat, string words, CancellationToken cancellationToken = default);

    /// <summary>The chat's subscriptions, oldest first.</summary>
    Task<IReadOnlyList<string>> SubscriptionsAsync(long chat, CancellationToken cancellationToken = default);

    /// <summary>Every chat's subscriptions.</summary>
    Task<IReadOnlyList<Subscription>> AllSubscriptionsAsync(CancellationToken cancellationToken = default);

    /// <summary>Forgets the chat's subscriptions, pushes owed and digest (it blocked the bot, or the bot left it).</summary>
    Task ForgetChatAsync(long chat, CancellationToken cancellationToken = default);

    /// <summary>Of <paramref name="stamps"/>, those never seen in <paramref name="folder"/>; null when nothing was ever recorded for the folder.</summary>
    Task<IReadOnlySet<string>?> UnseenAsync(string folder, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default);

    /// <summary>Records <paramref name="stamps"/> as seen in <paramref name="folder"/> without adding them (the folder's first load).</summary>
    Task MarkSeenAsync(string folder, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default);

    /// <summary>
    /// Records <paramref name="articles"/> as seen and added, and the <paramref name="pushes"/> they owe, in one step;
    /// an article another replica recorded first is left out, with its pushes. Returns the articles recorded here.
    /// </summary>
    Task<IReadOnlyList<AddedArticle>> RecordAddedAsync(string folder, IReadOnlyList<AddedArticle> articles, IReadOnlyList<PendingPush> pushes, CancellationToken cancellationToken = default);

    /// <summary>The articles added in [<paramref name="from"/>, <paramref name="to"/>), newest first, at most <paramref name="max"/>, with how many there were.</summary>
    Task<(IReadOnlyList<AddedArticle> Articles, int Total)> AddedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken = default);

    /// <summary>The pushes owed, oldest first.</summary>
    Task<IReadOnlyList<PendingPush>> PendingAsync(CancellationToken cancellationToken = default);

    /// <summary>Claims <paramref name="chat"/>'s pushes for <paramref name="lease"/>; returns the claim's token, or null when another holds it.</summary>
    Task<string?> TryClaimAsync(long chat, TimeSpan lease, CancellationToken cancellationToken = default);

    /// <summary>Of <paramref name="stamps"/>, those still owed to <paramref name="chat"/> (read again under the claim: another replica may have sent them since).</summary>
    Task<IReadOnlySet<string>> OwedAsync(long chat, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default);

    /// <summary>Takes pushes off as sent, while the claim <paramref name="token"/> is still held.</summary>
    Task AcknowledgeAsync(long chat, string token, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default);

    /// <summary>Gives the claim back.</summary>
    Task ReleaseAsync(long chat, string token, CancellationToken cancellationToken = default);

    /// <summary>Sets (or, with null, removes) the chat's digest.</summary>
    Task SetDigestAsync(long chat, DigestSchedule? schedule, CancellationToken cancellationToken = default);

    /// <summary>Every digest.</summary>
    Task<IReadOnlyList<DigestSchedule>> DigestsAsync(CancellationToken cancellationToken = default);

    /// <summary>Moves a digest from <paramref name="due"/> to <paramref name="next"/>; true for the one replica that did (it sends the digest).</summary>
    Task<bool> TryAdvanceDigestAsync(DigestSchedule due, DigestSchedule next, CancellationToken cancellationToken = default);
}
