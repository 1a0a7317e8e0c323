using Microsoft.Extensions.Time.Testing;

namespace Bot.TestSupport;

/// <summary>Moves a fake clock on until something happens, for code that waits on a <see cref="TimeProvider"/>.</summary>
public static class FakeClock
{
    /// <summary>
    /// Advances <paramref name="time"/> by <paramref name="step"/> each time the machine has had a moment to react, until
    /// <paramref name="condition"/> holds (the waiting code may register its timer only after the event it waits on).
    /// </summary>
    public static async Task AdvanceUntilAsync(this FakeTimeProvider time, TimeSpan step, Func<bool> condition, int maxSteps = 1000)
    {
        for (var i = 0; !condition(); i++)
        {
            if (i >= maxSteps)
                throw new TimeoutException($"Not reached after {maxSteps} steps of {step} on the fake clock.");
            time.Advance(step);
            await Task.Delay(10);
        }
    }
}
