using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Knowledge;

/// <summary>Loads the knowledge path into an in-memory index and swaps it in atomically.</summary>
public sealed class KnowledgeStore(KnowledgeLoader loader, IOptions<KnowledgeOptions> options, ILogger<KnowledgeStore> logger) : IKnowledgeStore, IDisposable
{
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile KnowledgeSnapshot _current = KnowledgeSnapshot.Empty;
    private volatile bool _loaded;

    /// <inheritdoc />
    public KnowledgeSnapshot Current => _current;

    /// <inheritdoc />
    public bool IsLoaded => _loaded;

    /// <inheritdoc />
    public async Task<KnowledgeSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var snapshot = await Task.Run(() =>
            {
                var load = loader.Load(options.Value.Path, cancellationToken);
                return KnowledgeSnapshotFactory.Create(load, options.Value.PassageChars, cancellationToken);
            }, cancellationToken).ConfigureAwait(false);

            var previous = _current;
            _current = snapshot;
            _loaded = true;
            if (!ReferenceEquals(previous, KnowledgeSnapshot.Empty))
                DisposeLater(previous);
            logger.LogInformation("Knowledge ready: {Articles} articles, {Passages} passages, indexed in {Ms:F0} ms",
                snapshot.Articles.Count, snapshot.Passages.Count, snapshot.BuildTime.TotalMilliseconds);
            return snapshot;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    // Questions that started on the old snapshot may still be reading it.
    private static void DisposeLater(KnowledgeSnapshot snapshot) =>
        _ = Task.Delay(TimeSpan.FromSeconds(30)).ContinueWith(_ => snapshot.Dispose(), TaskScheduler.Default);

    /// <inheritdoc />
    public void Dispose()
    {
        if (!ReferenceEquals(_current, KnowledgeSnapshot.Empty))
            _current.Dispose();
        _loadLock.Dispose();
    }
}
