namespace Bot.Telegram;

/// <summary>
/// Telegram's sending limits, kept per chat so that one chat waiting never holds back another: about one message a second
/// in a chat, 20 a minute in a group, and <c>Telegram:MaxSendsPerSecond</c> (30) over all chats. Each limit is a
/// generic cell rate (a next-send time and a burst); a 429 for a chat holds only that chat until its <c>retry_after</c>.
/// </summary>
internal sealed class SendPacer(TimeProvider time, int perSecond)
{
    private static readonly TimeSpan ChatInterval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan GroupInterval = TimeSpan.FromSeconds(3);
    private const int GroupBurst = 20;
    // Chats idle this long are forgotten, so that the table stays small.
    private static readonly TimeSpan Forget = TimeSpan.FromMinutes(2);

    private readonly Lock _lock = new();
    private readonly Dictionary<long, Chat> _chats = [];
    private readonly TimeSpan _globalInterval = TimeSpan.FromSeconds(1.0 / perSecond);
    private readonly TimeSpan _globalBurst = TimeSpan.FromSeconds(1.0 / perSecond) * (perSecond - 1);
    private DateTimeOffset _globalNext = DateTimeOffset.UnixEpoch;

    /// <summary>Waits for this chat's turn to be sent a message, and takes it.</summary>
    public async Task WaitTurnAsync(long chatId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        DateTimeOffset at;
        lock (_lock)
        {
            if (_chats.Count > 10_000)
            {
                foreach (var idle in _chats.Where(c => c.Value.Next < now - Forget && c.Value.GroupNext < now - Forget).Select(c => c.Key).ToList())
                    _chats.Remove(idle);
            }
            var chat = _chats.TryGetValue(chatId, out var known) ? known : _chats[chatId] = new Chat();
            at = Max(now, chat.Next, _globalNext - _globalBurst);
            if (chatId < 0)
                at = Max(at, chat.GroupNext - GroupInterval * (GroupBurst - 1), at);
            chat.Next = at + ChatInterval;
            if (chatId < 0)
                chat.GroupNext = Max(chat.GroupNext, at, at) + GroupInterval;
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
            chat.Next = Max(chat.Next, until, until);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b, DateTimeOffset c) => a > b ? (a > c ? a : c) : (b > c ? b : c);

    private sealed class Chat
    {
        public DateTimeOffset Next { get; set; } = DateTimeOffset.UnixEpoch;

        public DateTimeOffset GroupNext { get; set; } = DateTimeOffset.UnixEpoch;
    }
}
