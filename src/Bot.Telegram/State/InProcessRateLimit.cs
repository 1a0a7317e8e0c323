using System.Threading.RateLimiting;
using Bot.Core.State;

namespace Bot.Telegram.State;

/// <summary>
/// The per-user limit in process memory: a sliding minute in six steps; partitions of users idle for a while are
/// dropped by the limiter itself.
/// </summary>
public sealed class InProcessRateLimit(int perMinute) : IUserRateLimit, IDisposable
{
    private readonly PartitionedRateLimiter<long> _limiter = PartitionedRateLimiter.Create<long, long>(userId =>
        RateLimitPartition.GetSlidingWindowLimiter(userId, _ => new SlidingWindowRateLimiterOptions
        {
            PermitLimit = perMinute,
            Window = TimeSpan.FromMinutes(1),
            SegmentsPerWindow = 6,
            QueueLimit = 0,
        }));

    /// <inheritdoc />
    public ValueTask<bool> TryAcquireAsync(long userId, string? questionId = null, CancellationToken cancellationToken = default)
    {
        using var lease = _limiter.AttemptAcquire(userId);
        return ValueTask.FromResult(lease.IsAcquired);
    }

    /// <inheritdoc />
    public void Dispose() => _limiter.Dispose();
}
