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
            // On a loaded machine the work a step released may still wait for a thread: it runs before the clock moves
            // on, so that the steps count the same time as on an idle machine (a daily-inbox test ran out of steps
            // while another test process shared the machine).
            for (var waited = 0; ThreadPool.PendingWorkItemCount > 0 && waited < 200; waited++)
                await Task.Delay(5);
        }
    }
}
