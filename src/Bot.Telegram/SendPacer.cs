namespace Bot.Telegram;

/// <summary>
/// Telegram's sending limits, kept per chat so that one chat waiting never holds back another: a chat takes a short burst
/// (<see cref="ChatBurst"/> messages at once) and then about one message a second, a group at most 20 in any minute, and
/// <c>Telegram:MaxSendsPerSecond</c> (30) over all chats. The chat and overall limits are token buckets (a generic cell
/// rate: a next-send time and a burst), the group's a window of its last 20 sends; a 429 for a chat holds only that chat
/// until its <c>retry_after</c>.
/// </summary>
internal sealed class SendPacer(TimeProvider time, int perSecond)
{
    // Telegram asks for about one message a second in a chat but lets short bursts through: a user who sends several
    // questions at once gets the first answers as soon as they are ready, and only a longer run is spaced.
    internal const int ChatBurst = 5;
    internal static readonly TimeSpan ChatInterval = TimeSpan.FromSeconds(1);
    internal const int GroupPerMinute = 20;
    private static readonly TimeSpan GroupWindow = TimeSpan.FromMinutes(1);
    // Chats idle this long are forgotten, so that the table stays small.
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, Chat> _chats = [];
    private readonly TimeSpan _globalInterval = TimeSpan.FromSeconds(1.0 / perSecond);
    private readonly TimeSpan _globalBurst = TimeSpan.FromSeconds(1.0 / perSecond) * (perSecond - 1);
    private DateTimeOffset _globalNext = DateTimeOffset.UnixEpoch;

    /// <summary>Waits for this chat's turn to be sent a message, and takes it; then for a turn over all chats.</summary>
    public async Task WaitTurnAsync(long chatId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset at;
        lock (_lock)
        {
            if (_chats.Count > 10_000)
            {
                foreach (var idle in _chats.Where(c => c.Value.Next < now - Forget && c.Value.LastSent < now - Forget).Select(c => c.Key).ToList())
                    _chats.Remove(idle);
            }
            var chat = _chats.TryGetValue(chatId, out var known) ? known : _chats[chatId] = new Chat();
            at = Max(now, chat.Next - ChatInterval * (ChatBurst - 1), now);
            if (chatId < 0)
            {
                // A group's turns are taken in order, so the oldest of its last 20 is the first to leave the minute.
                if (chat.GroupSent.Count >= GroupPerMinute)
                    at = Max(at, chat.GroupSent.Dequeue() + GroupWindow, at);
                chat.GroupSent.Enqueue(at);
            }
            chat.Next = Max(chat.Next, at, at) + ChatInterval;
            chat.LastSent = at;
        }
        if (at > now)
            await Task.Delay(at - now, time, cancellationToken).ConfigureAwait(false);
        // The overall turn is taken only once the chat's has come: a chat waiting its turn a second ahead must not push
        // every other chat's turn a second ahead with it.
        now = time.GetUtcNow();
        lock (_lock)
        {
            at = Max(now, _globalNext - _globalBurst, now);
            _globalNext = Max(_globalNext, at, at) + _globalInterval;
        }
        if (at > now)
            await Task.Delay(at - now, time, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Telegram said 429 for <paramref name="chatId"/>: nothing more goes to that chat before <paramref name="retryAfter"/> has passed.</summary>
    public void Hold(long chatId, TimeSpan retryAfter)
    {
        var until = time.GetUtcNow() + retryAfter;
        lock (_lock)
        {
            var chat = _chats.TryGetValue(chatId, out var known) ? known : _chats[chatId] = new Chat();
            // No burst after a 429: the next message goes at `until` at the earliest, and the rest one a second after it.
            var next = until + ChatInterval * (ChatBurst - 1);
            chat.Next = Max(chat.Next, next, next);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c) => a > b ? (a > c ? a : c) : (b > c ? b : c);

    private sealed class Chat
    {
        public DateTimeOffset Next { get; set; } = DateTimeOffset.UnixEpoch;

        public DateTimeOffset LastSent { get; set; } = DateTimeOffset.UnixEpoch;

        public Queue<DateTimeOffset> GroupSent { get; } = new();
    }
}
