using System.Diagnostics;

namespace Bot.TestSupport;

/// <summary>What a process the tests started did first: said it was ready, exited, or neither in time.</summary>
internal enum StartOutcome
{
    Ready,
    Exited,
    TimedOut,
}

internal static class ProcessStart
{
    /// <summary>
    /// Waits for <paramref name="ready"/> (set when the process says a line), the process's exit, or
    /// <paramref name="timeout"/>, whichever comes first. After an exit it waits a moment more, for the last lines of its
    /// output, which the failure message shows.
    /// </summary>
    public static async Task<StartOutcome> FirstAsync(Process process, Task ready, TimeSpan timeout)
    {
        var exited = process.WaitForExitAsync();
        var first = await Task.WhenAny(ready, exited, Task.Delay(timeout));
        if (first == ready)
            return StartOutcome.Ready;
        if (first != exited)
            return StartOutcome.TimedOut;
        await Task.Delay(200);
        return StartOutcome.Exited;
    }
}
