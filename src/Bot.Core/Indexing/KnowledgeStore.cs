using Bot.Core.Hosting;
using Bot.Core.Knowledge;
using System.Diagnostics;
using Bot.Core.Options;
using Bot.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Bot.Core.Indexing;

/// <summary>
/// Loads the knowledge path, keeps its index on disk (<c>Knowledge:IndexPath</c>) or in memory, and swaps each new
/// snapshot in atomically: questions asked during a reload are answered from the previous snapshot.
/// </summary>
public sealed class KnowledgeStore(KnowledgeLoader loader, IOptions<KnowledgeOptions> options, ILogger<KnowledgeStore> logger) : IKnowledgeStore, IDisposable
{
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile KnowledgeSnapshot _current = KnowledgeSnapshot.Empty;
    private volatile bool _loaded;
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private bool _persistenceFailed;
    private int _disposed;

    /// <inheritdoc />
    public KnowledgeSnapshot Current => _current;

    /// <inheritdoc />
    public SnapshotLease Acquire() => SnapshotLease.On(() => _current);

    /// <inheritdoc />
    public bool IsLoaded => _loaded;

    /// <summary>Raised after a new snapshot is made current.</summary>
    public event Action<KnowledgeSnapshot>? Reloaded;

    /// <inheritdoc />
    public async Task<KnowledgeSnapshot> LoadAsync(CancellationToken cancellationToken = default)
    {
        await _loadLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var watch = Stopwatch.StartNew();
            var snapshot = await Task.Run(() => Build(cancellationToken), cancellationToken).ConfigureAwait(false);
            var previous = _current;
            _current = snapshot;
            _loaded = true;
            // The store's reference: the snapshot closes when the last question reading it lets go.
            if (!ReferenceEquals(previous, KnowledgeSnapshot.Empty))
                previous.Release();
            logger.LogInformation("Knowledge ready in {Ms:F0} ms: {Articles} articles, {Passages} passages; {Changes}; index {Index}",
                watch.Elapsed.TotalMilliseconds, snapshot.Articles.Count, snapshot.Passages.Count, LogText.Safe(snapshot.Changes.ToString()), _writer is null ? "in memory" : LogText.Safe(options.Value.IndexPath));
            Reloaded?.Invoke(snapshot);
            return snapshot;
        }
        finally
        {
            _loadLock.Release();
        }
    }

    private KnowledgeSnapshot Build(CancellationToken cancellationToken)
    {
        var o = options.Value;
        var writer = OpenWriter(o);
        // Beside a persisted index, what each file gave is kept too, so that a restart does not parse it again.
        var cache = writer is null ? null : new ArticleCache(System.IO.Path.Combine(o.IndexPath!, "articles"), logger);
        var load = loader.Load(o.Path, cache, cancellationToken);
        if (writer is null)
            return KnowledgeSnapshotFactory.CreateInMemory(load, o.PassageChars, cancellationToken);
        try
        {
            return KnowledgeSnapshotFactory.CreatePersisted(load, o.PassageChars, writer, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Nothing uncommitted may linger into the next update: the last commit stays the truth.
            writer.Rollback();
            _writer = null;
            throw;
        }
    }

    // The persisted index, opened once; when it cannot be (no permission, another process holds it), the store falls
    // back to an index in memory rather than failing.
    private IndexWriter? OpenWriter(KnowledgeOptions o)
    {
        if (_writer is not null)
            return _writer;
        if (_persistenceFailed || string.IsNullOrWhiteSpace(o.IndexPath) || o.IndexPath.Equals("memory", StringComparison.OrdinalIgnoreCase))
            return null;
        try
        {
            System.IO.Directory.CreateDirectory(o.IndexPath);
            // Not the memory-mapped directory FSDirectory.Open picks: with the many term lookups of each question its
            // inputs made the garbage collector spend most of its time on them (p95 latency grew from 17 ms to over
            // 50 ms within minutes of serving). NIOFSDirectory fails on concurrent reads in this Lucene.Net version;
            // SimpleFSDirectory reads under a lock per file, which is safe and, with the OS page cache, fast.
            _directory ??= new SimpleFSDirectory(new DirectoryInfo(o.IndexPath));
            try
            {
                _writer = new IndexWriter(_directory, KnowledgeIndex.WriterConfig(OpenMode.CREATE_OR_APPEND));
            }
            catch (Exception e) when (e is CorruptIndexException or IndexFormatTooOldException or IndexFormatTooNewException or EndOfStreamException)
            {
                logger.LogWarning("The index at {Path} is unreadable ({Error}); rebuilding it", o.IndexPath, e.Message);
                _writer = new IndexWriter(_directory, KnowledgeIndex.WriterConfig(OpenMode.CREATE));
            }
            return _writer;
        }
        catch (Exception e) when (e is LockObtainFailedException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot use the index at {Path} ({Error}); indexing in memory instead", o.IndexPath, e.Message);
            _persistenceFailed = true;
            return null;
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        // Disposed once as KnowledgeStore and once as IKnowledgeStore by the container.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
            return;
        if (!ReferenceEquals(_current, KnowledgeSnapshot.Empty))
            _current.Release();
        _writer?.Dispose();
        _directory?.Dispose();
        _loadLock.Dispose();
    }
}
