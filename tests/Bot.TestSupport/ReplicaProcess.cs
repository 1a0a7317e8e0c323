using System.Diagnostics;
using System.Net;
using System.Text;
using System.Text.Json.Nodes;
namespace Bot.TestSupport;

/// <summary>
/// One replica of the real host (<c>Bot.Host</c>) in a process of its own, in webhook mode on a free loopback port, so
/// that it can be stopped as an operator would (SIGTERM) or killed (SIGKILL, as kill -9). <c>Bot.Host.dll</c> is looked
/// for beside the running assembly (a project that uses this references Bot.Host).
/// </summary>
/// <remarks>
/// The replica binds port 0 and its address is read from its own "Now listening on" line. A port picked here and
/// handed over could be taken in between (by another replica started at the same moment, or by an outgoing
/// connection given it as its ephemeral port): a CI run failed so, "address already in use".
/// </remarks>
public sealed class ReplicaProcess : IAsyncDisposable
{
    public const string Secret = "replica-test-secret";
    public const string WebhookPath = "/telegram/update";

    private readonly Process _process;
    private readonly StringBuilder _output = new();

    private readonly TaskCompletionSource<string> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ReplicaProcess(Process process)
    {
        _process = process;
        process.OutputDataReceived += (_, e) => Append(e.Data);
        process.ErrorDataReceived += (_, e) => Append(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
    }

    public string BaseUrl { get; private set; } = "";

    public HttpClient Http { get; private set; } = null!;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>What the replica wrote (its log), for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
                return _output.ToString();
        }
    }

    /// <summary>Starts a replica against <paramref name="apiBaseUrl"/> and <paramref name="redis"/> and waits until it is ready.</summary>
    public static async Task<ReplicaProcess> StartAsync(string apiBaseUrl, string? redis, string prefix, IDictionary<string, string>? settings = null, bool waitReady = true)
    {
        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        info.ArgumentList.Add("exec");
        info.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "Bot.Host.dll"));
        var environment = new Dictionary<string, string>
        {
            ["DOTNET_ENVIRONMENT"] = "Production",
            ["Urls"] = "http://127.0.0.1:0",
            ["Telegram__BotToken"] = "123456:TEST-token",
            ["Telegram__ApiBaseUrl"] = apiBaseUrl,
            ["Telegram__Mode"] = "webhook",
            ["Telegram__WebhookUrl"] = "https://bot.example.org" + WebhookPath,
            ["Telegram__WebhookSecret"] = Secret,
            ["State__KeyPrefix"] = prefix,
            ["State__LeaseSeconds"] = "3",
            ["Knowledge__Path"] = RepoPaths.SeedKnowledge,
            ["Knowledge__IndexPath"] = "memory",
            ["HostOptions__ShutdownTimeout"] = "00:00:10",
            ["Logging__LogLevel__Default"] = "Warning",
            ["Logging__LogLevel__Microsoft.Hosting.Lifetime"] = "Information",
            ["Logging__LogLevel__Bot.Redis"] = Environment.GetEnvironmentVariable("BOT_TEST_REPLICA_LOGS") is { Length: > 0 } ? "Debug" : "Information",
        };
        if (redis is not null)
            environment["State__Redis"] = redis;
        foreach (var (key, value) in settings ?? new Dictionary<string, string>())
            environment[key] = value;
        foreach (var (key, value) in environment)
            info.Environment[key] = value;
        var replica = new ReplicaProcess(Process.Start(info)!);
        try
        {
            await replica.ListeningAsync(TimeSpan.FromSeconds(60));
            await replica.WaitAsync(r => r.GetStatusAsync(waitReady ? "/readyz" : "/healthz"), HttpStatusCode.OK, TimeSpan.FromSeconds(60));
            return replica;
        }
        catch
        {
            await replica.DisposeAsync();
            throw;
        }
    }

    // Waits for the address the replica bound, or for its exit.
    private async Task ListeningAsync(TimeSpan timeout)
    {
        switch (await ProcessStart.FirstAsync(_process, _listening.Task, timeout))
        {
            case StartOutcome.Exited:
                throw new InvalidOperationException($"The replica exited ({_process.ExitCode}) before it listened:\n{Output}");
            case StartOutcome.TimedOut:
                throw new TimeoutException($"The replica did not listen within {timeout}:\n{Output}");
        }
        BaseUrl = await _listening.Task;
        Http = new HttpClient { BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>Posts <paramref name="update"/> to the webhook as Telegram would; returns the status.</summary>
    public async Task<HttpStatusCode> PostAsync(JsonObject update, string? secret = Secret)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, WebhookPath) { Content = new StringContent(update.ToJsonString(), Encoding.UTF8, "application/json") };
        if (secret is not null)
            request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
        using var response = await Http.SendAsync(request);
        return response.StatusCode;
    }

    public async Task<HttpStatusCode> GetStatusAsync(string path)
    {
        try
        {
            using var response = await Http.GetAsync(path);
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return 0;
        }
    }

    public Task<string> GetTextAsync(string path) => Http.GetStringAsync(path);

    /// <summary>Waits until <paramref name="probe"/> gives <paramref name="expected"/>.</summary>
    public async Task WaitAsync(Func<ReplicaProcess, Task<HttpStatusCode>> probe, HttpStatusCode expected, TimeSpan timeout)
    {
        var waited = Stopwatch.StartNew();
        while (await probe(this) != expected)
        {
            if (_process.HasExited)
                throw new InvalidOperationException($"The replica exited ({_process.ExitCode}):\n{Output}");
            if (waited.Elapsed > timeout)
                throw new TimeoutException($"The replica did not reach {expected}:\n{Output}");
            await Task.Delay(100);
        }
    }

    /// <summary>Sends SIGTERM (as systemd, Docker or Kubernetes stop a process) and waits for the exit.</summary>
    public async Task<TimeSpan> TerminateAsync(TimeSpan timeout)
    {
        var watch = Stopwatch.StartNew();
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            await kill.WaitForExitAsync();
        using var cts = new CancellationTokenSource(timeout);
        await _process.WaitForExitAsync(cts.Token);
        return watch.Elapsed;
    }

    /// <summary>SIGKILL: gone at once, nothing finished, nothing handed back.</summary>
    public async Task KillAsync()
    {
        _process.Kill();
        await _process.WaitForExitAsync();
    }

    /// <summary>SIGSTOP: the replica freezes (a stalled VM, a debugger), its connections and leases left as they were.</summary>
    public Task FreezeAsync() => SignalAsync("-STOP");

    /// <summary>SIGCONT: the frozen replica goes on where it stopped.</summary>
    public Task ThawAsync() => SignalAsync("-CONT");

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [signal, _process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        Http?.Dispose();
        if (!_process.HasExited)
            await KillAsync();
        _process.Dispose();
    }

    private void Append(string? line)
    {
        if (line is null)
            return;
        const string listening = "Now listening on: ";
        if (line.IndexOf(listening, StringComparison.Ordinal) is var at and >= 0)
            _listening.TrySetResult(line[(at + listening.Length)..].Trim());
        lock (_output)
        {
            _output.AppendLine(line);
            // For a failure seen only on CI: BOT_TEST_REPLICA_LOGS=<folder> keeps every replica's log there.
            if (Environment.GetEnvironmentVariable("BOT_TEST_REPLICA_LOGS") is { Length: > 0 } folder)
                File.AppendAllText(Path.Combine(folder, $"replica-{_process.Id}.log"), $"{DateTime.UtcNow:HH:mm:ss.fff} {line}\n");
        }
    }
}
