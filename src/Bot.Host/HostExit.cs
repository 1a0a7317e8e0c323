using Bot.Core.Common;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Host;

/// <summary>
/// Runs the host and gives the process its exit code: 0 when it was stopped (SIGTERM, Ctrl+C), <see cref="BackgroundFailure"/>
/// when a background service failed and stopped it, and <see cref="StartFailure"/> when it could not start (its port is
/// taken, say), so that systemd's <c>Restart=on-failure</c> starts it again. Optional parts (vectors, embeddings, rerank,
/// feedback, metrics) contain their own failures; what reaches here is fatal.
/// </summary>
public static class HostExit
{
    /// <summary>The exit code of a host stopped by a failed background service.</summary>
    public const int BackgroundFailure = 1;

    /// <summary>The exit code of a host that could not start (a port in use, a service whose start threw).</summary>
    public const int StartFailure = 1;

    /// <summary>Runs <paramref name="host"/> until it stops; returns the exit code.</summary>
    public static async Task<int> RunAsync(IHost host)
    {
        try
        {
            // Not RunAsync: it disposes the host, and the services are still asked what failed.
            await host.StartAsync();
        }
        catch (OperationCanceledException) when (Stopping(host) && Failed(host).Count == 0)
        {
            // Stopped while starting (SIGTERM during a long knowledge load, as a rolling restart does): a clean stop.
            Logger(host).LogInformation("Stopped while starting");
            return 0;
        }
        catch (Exception e) when (Failed(host).Count == 0)
        {
            // One line, not an unhandled exception's stack trace and an abort.
            Logger(host).LogCritical("Could not start ({Error}); exit code {Code}", LogText.Safe($"{e.GetType().Name}: {e.Message}"), StartFailure);
            return StartFailure;
        }
        catch (Exception)
        {
            // A background service failed while the others started: said below.
        }
        try
        {
            await host.WaitForShutdownAsync();
        }
        catch (Exception) when (Failed(host).Count > 0)
        {
            // A host that rethrows a background failure when stopping has logged it already: the exit code says the rest.
        }
        var failed = Failed(host);
        if (failed.Count == 0)
            return 0;
        Logger(host).LogCritical("Stopped because {Services} failed; exit code {Code}", string.Join(", ", failed), BackgroundFailure);
        return BackgroundFailure;
    }

    private static ILogger Logger(IHost host) => host.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Bot.Host");

    private static bool Stopping(IHost host) => host.Services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping.IsCancellationRequested;

    // The background services whose work ended in an exception. Read in exception filters, so it must not throw itself: a
    // service that could not even be made (the failure being handled) counts as none.
    private static List<string> Failed(IHost host)
    {
        try
        {
            return host.Services.GetServices<IHostedService>().OfType<BackgroundService>()
                .Where(s => s.ExecuteTask is { IsFaulted: true })
                .Select(s => s.GetType().Name)
                .ToList();
        }
        catch (Exception)
        {
            return [];
        }
    }
}
