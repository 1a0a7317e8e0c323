namespace Bot.Core.Inbox;

/// <summary>
/// The operator's inbox (questions declined or rated 👎), the curated answers, and which chats were told that a
/// question became answerable. Bounded (<c>Inbox:MaxItems</c>, <c>Inbox:RetentionDays</c>, <c>Inbox:MaxCurated</c>).
/// In SQLite by default (<see cref="SqliteInboxStore"/>), in Redis with <c>State:Redis</c>. A store that cannot be read
/// or written (locked, damaged, down) is logged and answers nothing: it never stops answering.
/// </summary>
public interface IInboxStore
{
    /// <summary>Keeps <paramref name="item"/>; never throws but for cancellation.</summary>
    Task AddAsync(InboxItem item, CancellationToken cancellationToken = default);

    /// <summary>The <paramref name="max"/> groups asked most recently, newest first; null when the store cannot be read.</summary>
    Task<IReadOnlyList<InboxGroup>?> GroupsAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Every item kept (newest first, at most <paramref name="max"/>); empty when the store cannot be read.</summary>
    Task<IReadOnlyList<InboxItem>> ItemsAsync(int max, CancellationToken cancellationToken = default);

    /// <summary>Forgets the items of group <paramref name="groupId"/>; returns how many there were.</summary>
    Task<int> DismissAsync(string groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Notes that <paramref name="chat"/> is told that the questions of <paramref name="groupId"/> are answerable, once:
    /// true for the one caller (of every replica, and after restarts) that should tell it, false for every other or when
    /// the store cannot say. Called before the message is sent.
    /// </summary>
    Task<bool> ClaimNoticeAsync(long chat, string groupId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Claims the admins' daily inbox message of <paramref name="day"/> (a day in <c>Answering:TimeZone</c>), sent at
    /// <paramref name="now"/>: for the one caller (of every replica, and after restarts) that should send it, the time the
    /// previous daily message was sent (<see cref="DateTimeOffset.MinValue"/> when there was none), so that it tells what
    /// is new since; null for every other caller, or when the store cannot say. Called before the message is sent.
    /// </summary>
    Task<DateTimeOffset?> ClaimDailyAsync(DateOnly day, DateTimeOffset now, CancellationToken cancellationToken = default);

    /// <summary>Keeps a curated answer; null when <c>Inbox:MaxCurated</c> are kept already or the store cannot be written.</summary>
    Task<CuratedAnswer?> AddCuratedAsync(string question, string words, string text, DateTimeOffset expires, CancellationToken cancellationToken = default);

    /// <summary>The curated answers kept (expired ones too, until the retention forgets them), oldest first; null when the store cannot be read.</summary>
    Task<IReadOnlyList<CuratedAnswer>?> CuratedAsync(CancellationToken cancellationToken = default);

    /// <summary>Deletes curated answer <paramref name="id"/>; false when there is none.</summary>
    Task<bool> RemoveCuratedAsync(long id, CancellationToken cancellationToken = default);
}
