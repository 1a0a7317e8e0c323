using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace Bot.Telegram;

/// <summary>A sliding one-minute window of questions per user.</summary>
public sealed class UserRateLimiter(IOptions<TelegramOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<long, Queue<DateTimeOffset>> _windows = new();

    /// <summary>True when <paramref name="userId"/> may ask now; the question is counted.</summary>
    public bool TryAcquire(long userId)
    {
        var now = time.GetUtcNow();
        var window = _windows.GetOrAdd(userId, _ => new Queue<DateTimeOffset>());
        lock (window)
        {
            while (window.Count > 0 && now - window.Peek() >= TimeSpan.FromMinutes(1))
                window.Dequeue();
            if (window.Count >= options.Value.MaxQuestionsPerMinute)
                return false;
            window.Enqueue(now);
            return true;
        }
    }
}
