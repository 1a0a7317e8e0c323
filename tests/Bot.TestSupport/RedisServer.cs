using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace Bot.TestSupport;

/// <summary>
/// A real <c>redis-server</c> on a free loopback port, started and stopped by the test (no persistence, or an append-only
/// file), or the one
/// <c>.ci/run</c> started (<c>BOT_TEST_REDIS</c>) for tests that only need a Redis. The binary is <c>redis-server</c> on
/// the PATH, or <c>BOT_REDIS_SERVER</c>.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private Process? _process;

    // With an append-only file: the folder it is kept in, from one start to the next.
    private readonly string? _dataFolder;

    private RedisServer(int port, string? dataFolder = null) => (Port, _dataFolder) = (port, dataFolder);

    /// <summary>The port it listens on.</summary>
    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string for it.</summary>
    public string Configuration => $"127.0.0.1:{Port}";

    /// <summary>The redis-server binary, or null when there is none.</summary>
    public static string? Binary { get; } = FindBinary();

    /// <summary>Why Redis tests cannot run here, or null when they can.</summary>
    public static string? Missing => Binary is null && Environment.GetEnvironmentVariable("BOT_TEST_REDIS") is null
        ? "redis-server is not installed (apt-get install redis-server; .ci/run installs it)"
        : null;

    /// <summary>The Redis that <c>.ci/run</c> started, when there is one, else a new one; every test uses its own key prefix.</summary>
    public static async Task<RedisServer> SharedOrStartAsync()
    {
        if (Environment.GetEnvironmentVariable("BOT_TEST_REDIS") is { Length: > 0 } shared)
            return new RedisServer(int.Parse(shared[(shared.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        return await StartAsync();
    }

    /// <summary>
    /// Starts a new server on a free port; with <paramref name="appendOnly"/>, writing every command to its append-only
    /// file before it answers (<c>appendfsync always</c>), so that a restart finds all it had said yes to.
    /// </summary>
    /// <remarks>
    /// A port found free here can be taken before the server binds it (by an outgoing connection given it as its
    /// ephemeral port, or by another server started at the same moment); the server then exits with "Address already in
    /// use", and another port is tried.
    /// </remarks>
    public static async Task<RedisServer> StartAsync(bool appendOnly = false)
    {
        var dataFolder = appendOnly ? Directory.CreateTempSubdirectory("bot-redis-").FullName : null;
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisServer(FreePort(), dataFolder);
            try
            {
                await server.StartAgainAsync();
                return server;
            }
            catch (PortTakenException) when (attempt < 5)
            {
                await server.StopAsync();
            }
        }
    }

    private sealed class PortTakenException(string message) : Exception(message);

    /// <summary>Starts the server (again) on its port: empty, or from its append-only file.</summary>
    public async Task StartAgainAsync()
    {
        if (Binary is null)
            throw new InvalidOperationException(Missing);
        var info = new ProcessStartInfo(Binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in new[] { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--daemonize", "no" })
            info.ArgumentList.Add(arg);
        string[] persistence = _dataFolder is null ? ["--appendonly", "no"] : ["--appendonly", "yes", "--appendfsync", "always", "--dir", _dataFolder];
        foreach (var arg in persistence)
            info.ArgumentList.Add(arg);
        // Ready when it says so: a connection alone could reach another process that holds the port.
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var output = new System.Collections.Concurrent.ConcurrentQueue<string>();
        void Read(string? line)
        {
            if (line is null)
                return;
            output.Enqueue(line);
            if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
                ready.TrySetResult();
        }
        _process = Process.Start(info)!;
        _process.OutputDataReceived += (_, e) => Read(e.Data);
        _process.ErrorDataReceived += (_, e) => Read(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        switch (await ProcessStart.FirstAsync(_process, ready.Task, TimeSpan.FromSeconds(10)))
        {
            case StartOutcome.Ready:
                return;
            case StartOutcome.TimedOut:
                throw new TimeoutException($"redis-server did not listen on {Port}:\n{string.Join('\n', output)}");
        }
        var said = string.Join('\n', output);
        _process.Dispose();
        _process = null;
        throw said.Contains("Address already in use", StringComparison.Ordinal)
            ? new PortTakenException($"port {Port} was taken:\n{said}")
            : new InvalidOperationException($"redis-server exited before it listened on {Port}:\n{said}");
    }

    /// <summary>Stops the server (kills it: a Redis gone at once).</summary>
    public async Task StopAsync()
    {
        if (_process is null)
            return;
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync();
        _process.Dispose();
        _process = null;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        if (_dataFolder is not null)
            Directory.Delete(_dataFolder, recursive: true);
    }

    /// <summary>A free loopback port.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string? FindBinary()
    {
        if (Environment.GetEnvironmentVariable("BOT_REDIS_SERVER") is { Length: > 0 } configured && File.Exists(configured))
            return configured;
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator))
        {
            var candidate = Path.Combine(dir, "redis-server");
            if (File.Exists(candidate))
                return candidate;
        }
        return File.Exists("/usr/bin/redis-server") ? "/usr/bin/redis-server" : null;
    }
}

/// <summary>A test that needs a real Redis: skipped, saying why, where none can be had.</summary>
public sealed class RedisFactAttribute : Xunit.FactAttribute
{
    /// <summary>Skips when there is no redis-server.</summary>
    public RedisFactAttribute()
    {
        if (RedisServer.Missing is { } why)
            Skip = why;
    }
}
