using Bot.Core.Common;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Lucene.Net.Index;
using Lucene.Net.Store;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Bot.Core.Indexing;

/// <summary>
/// Loads the knowledge path, keeps its index on disk (<c>Knowledge:IndexPath</c>) or in memory, and swaps each new
/// snapshot in atomically: questions asked during a reload are answered from the previous snapshot. A reload does only
/// what changed: files unchanged since the last load are not opened, their articles are not cut into passages again, and
/// their index entries stay as they are (on disk and in memory alike). What cannot be read now is kept (see <see cref="KnowledgeLoader"/>).
/// </summary>
public sealed class KnowledgeStore(KnowledgeLoader loader, IOptions<KnowledgeOptions> options, ILogger<KnowledgeStore> logger, TimeProvider time) : IKnowledgeStore, IDisposable
{
    private readonly SemaphoreSlim _loadLock = new(1, 1);
    private volatile KnowledgeSnapshot _current = KnowledgeSnapshot.Empty;
    private volatile bool _loaded;
    private LuceneDirectory? _directory;
    private IndexWriter? _writer;
    private IndexFolderLock? _folderLock;
    // In memory (Knowledge:IndexPath memory, or when the folder cannot be used), the index is kept between reloads too.
    private RAMDirectory? _memory;
    private IndexWriter? _memoryWriter;
    // The last load this store made current: what the next one compares with, and keeps from when it cannot read.
    private KnowledgeLoadResult? _lastLoad;
    private ArticleCache? _articleCache;
    private bool _persistenceFailed;
    private int _disposed;

    /// <inheritdoc />
    public KnowledgeSnapshot Current => _current;

    /// <inheritdoc />
    public SnapshotLease Acquire()
    {
        while (true)
        {
            // A reload may close the snapshot between reading it and retaining it; then the new one is current.
            var snapshot = _current;
            if (snapshot.TryRetain())
                return new SnapshotLease(snapshot);
        }
    }

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
            var started = time.GetTimestamp();
            var snapshot = await Task.Run(() => Build(cancellationToken), cancellationToken).ConfigureAwait(false);
            var previous = _current;
            _current = snapshot;
            _lastLoad = snapshot.Load;
            _loaded = true;
            // The store's reference: the snapshot closes when the last question reading it lets go.
            if (!ReferenceEquals(previous, KnowledgeSnapshot.Empty))
                previous.Release();
            logger.LogInformation("Knowledge ready in {Ms:F0} ms: {Articles} articles, {Passages} passages; {Changes}; index {Index}",
                time.GetElapsedTime(started).TotalMilliseconds, snapshot.Articles.Count, snapshot.Passages.Count, LogText.Safe(snapshot.Changes.ToString()), Where());
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
        if (writer is null && IsInUseElsewhere(o))
            return BuildBesideAnotherProcess(o, cancellationToken);
        // Beside a persisted index, what each file gave is kept too, so that a restart does not parse it again.
        // One for the store's life: the articles' texts are read through its bounded cache, whichever load read them.
        var cache = writer is null ? null : _articleCache ??= new ArticleCache(System.IO.Path.Combine(o.IndexPath!, "articles"), logger);
        var started = time.GetTimestamp();
        // At start (no load before in this process), a file that cannot be read now keeps what the persisted index holds of it.
        var indexed = _lastLoad is null && writer is not null ? KnowledgeIndex.IndexedFiles(writer) : null;
        var load = loader.Load(o.Path, cache, _lastLoad, cancellationToken, indexed);
        var read = time.GetElapsedTime(started);
        var persisted = writer is not null;
        writer ??= OpenMemoryWriter();
        try
        {
            var snapshot = KnowledgeSnapshotFactory.CreatePersisted(load, o.PassageChars, writer, cancellationToken, _current);
            logger.LogInformation("Knowledge stages: read {Read:F0} ms, {Stages}", read.TotalMilliseconds, snapshot.Stages);
            return snapshot;
        }
        catch (OperationCanceledException)
        {
            // Nothing uncommitted may linger into the next update: the last commit stays the truth.
            writer.Rollback();
            if (persisted)
                _writer = null;
            else
                _memoryWriter = null;
            throw;
        }
    }

    private IndexWriter OpenMemoryWriter()
    {
        _memory ??= new RAMDirectory();
        return _memoryWriter ??= new IndexWriter(_memory, KnowledgeIndex.WriterConfig(OpenMode.CREATE_OR_APPEND));
    }

    private string Where() => _writer is not null
        ? LogText.Safe(options.Value.IndexPath)
        : IsInUseElsewhere(options.Value) ? "of another process" : "in memory";

    private bool IsInUseElsewhere(KnowledgeOptions o) => _folderLock is null && !_persistenceFailed && IsPersisted(o);

    private static bool IsPersisted(KnowledgeOptions o) =>
        !string.IsNullOrWhiteSpace(o.IndexPath) && !o.IndexPath.Equals("memory", StringComparison.OrdinalIgnoreCase);

    // Another process writes this index folder. Nothing here may touch it: its last commit is opened read-only when it
    // holds exactly the knowledge as it is now, else this process indexes in memory.
    private KnowledgeSnapshot BuildBesideAnotherProcess(KnowledgeOptions o, CancellationToken cancellationToken)
    {
        var cache = new ArticleCache(System.IO.Path.Combine(o.IndexPath!, "articles"), logger, readOnly: true);
        var load = loader.Load(o.Path, cache, _lastLoad, cancellationToken);
        if (KnowledgeSnapshotFactory.TryOpenReadOnly(load, o.PassageChars, o.IndexPath!) is { } snapshot)
        {
            logger.LogWarning("The index at {Path} is in use by another process; answering from its last commit, read-only", LogText.Safe(o.IndexPath));
            return snapshot;
        }
        logger.LogWarning("The index at {Path} is in use by another process and its last commit is not of this knowledge; indexing in memory for this run",
            LogText.Safe(o.IndexPath));
        return KnowledgeSnapshotFactory.CreateInMemory(load, o.PassageChars, cancellationToken);
    }

    // The persisted index, opened once and owned by this process alone (IndexFolderLock). When another process owns it,
    // null (see BuildBesideAnotherProcess); when it cannot be used at all (no permission), an index in memory. A damaged
    // index is moved aside and rebuilt from the knowledge: the bot always starts.
    private IndexWriter? OpenWriter(KnowledgeOptions o)
    {
        if (_writer is not null)
            return _writer;
        if (_persistenceFailed || !IsPersisted(o))
            return null;
        try
        {
            System.IO.Directory.CreateDirectory(o.IndexPath!);
            _folderLock ??= IndexFolderLock.TryAcquire(o.IndexPath!);
            if (_folderLock is null)
                return null;
            // Read through memory maps of its own (MappedDirectory): this Lucene.Net version's MMapDirectory made the
            // garbage collector spend most of its time on its inputs' clones (p95 latency grew from 17 ms to over 50 ms
            // within minutes of serving), NIOFSDirectory fails on concurrent reads, and SimpleFSDirectory reads under a
            // lock with a system call per 1 KB read (docs/benchmarks.md).
            _directory ??= new MappedDirectory(new DirectoryInfo(o.IndexPath!));
            try
            {
                _writer = new IndexWriter(_directory, KnowledgeIndex.WriterConfig(OpenMode.CREATE_OR_APPEND));
                IndexIntegrity.Check(_writer);
            }
            catch (Exception e) when (IndexIntegrity.IsDamage(e))
            {
                IndexIntegrity.Abandon(_writer);
                _writer = null;
                var aside = IndexIntegrity.MoveAside(o.IndexPath!, time.GetUtcNow());
                logger.LogWarning("The index at {Path} is damaged ({Error}); moved aside to {Aside}, rebuilding it from the knowledge",
                    LogText.Safe(o.IndexPath), LogText.Safe($"{e.GetType().Name}: {e.Message}"), LogText.Safe(aside));
                _writer = new IndexWriter(_directory, KnowledgeIndex.WriterConfig(OpenMode.CREATE));
            }
            return _writer;
        }
        catch (Exception e) when (e is LockObtainFailedException or IOException or UnauthorizedAccessException)
        {
            logger.LogWarning("Cannot use the index at {Path} ({Error}); indexing in memory instead", LogText.Safe(o.IndexPath), LogText.Safe(e.Message));
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
        // A question still arriving gets the empty snapshot, never a closed one (a lease on that would wait for ever).
        var last = _current;
        _current = KnowledgeSnapshot.Empty;
        if (!ReferenceEquals(last, KnowledgeSnapshot.Empty))
            last.Release();
        _writer?.Dispose();
        _directory?.Dispose();
        _memoryWriter?.Dispose();
        _memory?.Dispose();
        _folderLock?.Dispose();
        _loadLock.Dispose();
    }
}
