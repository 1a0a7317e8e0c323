namespace Bot.Core.Answering;

/// <summary>Opens after a run of failures, so that users are not kept waiting on a dead service; closes again after a while.</summary>
public sealed class CircuitBreaker(int failuresToOpen, TimeSpan openFor, TimeProvider time)
{
    private readonly Lock _lock = new();
    private int _failures;
    private DateTimeOffset _openUntil = DateTimeOffset.MinValue;

    /// <summary>True while calls should be skipped.</summary>
    public bool IsOpen
    {
        get
        {
            lock (_lock)
                return time.GetUtcNow() < _openUntil;
        }
    }

    /// <summary>Records a success: the failure run ends.</summary>
    public void Success()
    {
        lock (_lock)
            _failures = 0;
    }

    /// <summary>Records a failure; opens the breaker when the run is long enough.</summary>
    public void Failure()
    {
        lock (_lock)
        {
            if (++_failures >= failuresToOpen)
            {
                _openUntil = time.GetUtcNow() + openFor;
                _failures = 0;
            }
        }
    }
}
