using Bot.Core.Common;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Hosting;

/// <summary>
/// Watches the knowledge folder and reloads after changes settle (debounced by <c>Knowledge:DebounceMilliseconds</c>, so
/// that an editor's write through a temporary file and a rename, or a copy of many files, cause one reload). The reload is incremental. With
/// <c>Knowledge:RescanSeconds</c> the folder's file list, sizes and times are also compared at that interval, for a
/// shared volume whose changes raise no events here.
/// </summary>
public sealed class KnowledgeWatcher(IKnowledgeStore store, IOptions<KnowledgeOptions> options, ILogger<KnowledgeWatcher> logger, TimeProvider time) : IHostedService, IDisposable
{
    private FileSystemWatcher? _watcher;
    private ITimer? _timer;
    private ITimer? _rescan;
    private ulong _fingerprint;
    private readonly CancellationTokenSource _stopping = new();
    private Task _reload = Task.CompletedTask;
    private bool _stopped;

    /// <inheritdoc />
    public Task StartAsync(CancellationToken cancellationToken)
    {
        var path = options.Value.Path;
        if (!System.IO.Directory.Exists(path))
            return Task.CompletedTask;
        _timer = time.CreateTimer(_ => StartReload(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        if (options.Value.RescanSeconds > 0)
        {
            _fingerprint = Fingerprint(path);
            var every = TimeSpan.FromSeconds(options.Value.RescanSeconds);
            _rescan = time.CreateTimer(_ => Rescan(path), null, every, every);
            logger.LogInformation("Looking at {Path} every {Seconds} s", LogText.Safe(path), options.Value.RescanSeconds);
        }
        if (!options.Value.Watch)
            return Task.CompletedTask;
        _watcher = new FileSystemWatcher(path)
        {
            IncludeSubdirectories = true,
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite | NotifyFilters.Size,
        };
        _watcher.Changed += OnChange;
        _watcher.Created += OnChange;
        _watcher.Deleted += OnChange;
        _watcher.Renamed += OnChange;
        _watcher.Error += (_, e) =>
        {
            logger.LogWarning("Watching {Path} failed ({Error}); reloading", LogText.Safe(path), LogText.Safe(e.GetException().Message));
            OnChange(this, new FileSystemEventArgs(WatcherChangeTypes.All, path, null));
        };
        _watcher.EnableRaisingEvents = true;
        logger.LogInformation("Watching {Path} for changes", LogText.Safe(path));
        return Task.CompletedTask;
    }

    private void OnChange(object sender, FileSystemEventArgs e) => _timer?.Change(options.Value.Debounce, Timeout.InfiniteTimeSpan);

    private void Rescan(string path)
    {
        var fingerprint = Fingerprint(path);
        if (fingerprint == Interlocked.Exchange(ref _fingerprint, fingerprint))
            return;
        OnChange(this, new FileSystemEventArgs(WatcherChangeTypes.Changed, path, null));
    }

    // A hash of the names, sizes and write times of every file under path.
    private ulong Fingerprint(string path)
    {
        var hash = new System.IO.Hashing.XxHash3();
        try
        {
            var files = new DirectoryInfo(path).EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true })
                .OrderBy(f => f.FullName, StringComparer.Ordinal);
            foreach (var file in files)
            {
                hash.Append(System.Text.Encoding.UTF8.GetBytes(file.FullName));
                hash.Append(BitConverter.GetBytes(file.Length));
                hash.Append(BitConverter.GetBytes(file.LastWriteTimeUtc.Ticks));
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A folder in the middle of a change: the next look settles it.
            hash.Append(BitConverter.GetBytes(time.GetTimestamp()));
        }
        return hash.GetCurrentHashAsUInt64();
    }

    // The reload in flight, owned here so that stopping can wait for it.
    private void StartReload()
    {
        lock (_stopping)
        {
            if (!_stopped)
                _reload = _reload.IsCompleted ? ReloadAsync() : _reload.ContinueWith(_ => ReloadAsync(), TaskScheduler.Default).Unwrap();
        }
    }

    private async Task ReloadAsync()
    {
        try
        {
            // What this reload reads is what the next look compares with: a change the events caught is not loaded twice.
            if (_rescan is not null)
                Interlocked.Exchange(ref _fingerprint, Fingerprint(options.Value.Path));
            var snapshot = await store.LoadAsync(_stopping.Token);
            logger.LogInformation("Knowledge reloaded: {Changes}", LogText.Safe(snapshot.Changes.ToString()));
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e)
        {
            // A failed reload keeps the previous snapshot: nothing already loaded is lost.
            logger.LogError(e, "Reloading the knowledge failed; the previous knowledge stays in use");
        }
    }

    /// <summary>
    /// Stops watching, then waits for a reload in flight to finish (it commits or rolls back whole); only when the host's
    /// shutdown time runs out is the reload cancelled, which rolls it back to the last commit.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        Task reload;
        lock (_stopping)
        {
            _stopped = true;
            Dispose();
            reload = _reload;
        }
        try
        {
            await reload.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout reached; cancelling the knowledge reload in flight");
            await _stopping.CancelAsync().ConfigureAwait(false);
            await reload.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _watcher?.Dispose();
        _watcher = null;
        _timer?.Dispose();
        _timer = null;
        _rescan?.Dispose();
        _rescan = null;
    }
}
