using System.Diagnostics;
using Bot.Core.Common;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Semantic;

/// <summary>What one indexing pass did: passages embedded, passages still without a vector, how long it took.</summary>
public sealed record VectorPass(int Embedded, int Missing, TimeSpan Elapsed);

/// <summary>
/// Gives a snapshot's passages their vectors: those already stored (an unchanged file costs no call) at once, the others
/// embedded in batches of <c>Embeddings:BatchSize</c>, <c>Embeddings:Concurrency</c> at a time, with progress in the
/// log. A pass the model fails leaves the rest without vectors, to be tried again; what it did embed is kept.
/// </summary>
public sealed class VectorIndexer : IDisposable
{
    private readonly TextEmbeddings _embeddings;
    private readonly EmbeddingsOptions _options;
    private readonly ILogger<VectorIndexer> _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lazy<VectorStore> _store;
    private volatile PassageVectors? _current;
    private HnswIndex? _approximate;
    private volatile KnowledgeSnapshot? _target;

    /// <summary>Creates the indexer; vectors are kept beside the index (<c>Knowledge:IndexPath</c>/vectors), or in memory.</summary>
    public VectorIndexer(TextEmbeddings embeddings, IOptions<EmbeddingsOptions> options, IOptions<KnowledgeOptions> knowledge, ILogger<VectorIndexer> logger)
    {
        (_embeddings, _options, _logger) = (embeddings, options.Value, logger);
        var index = knowledge.Value.IndexPath;
        var folder = string.IsNullOrWhiteSpace(index) || index.Equals("memory", StringComparison.OrdinalIgnoreCase) ? null : Path.Combine(index, "vectors");
        _store = new Lazy<VectorStore>(() => VectorStore.Open(folder, embeddings.Model, _options.Dimensions, logger));
    }

    /// <summary>The vector store (opened on first use).</summary>
    public VectorStore Store => _store.Value;

    /// <summary>The vectors of <paramref name="snapshot"/>, or null when it has none yet.</summary>
    public PassageVectors? For(KnowledgeSnapshot snapshot) => _current is { } c && ReferenceEquals(c.Snapshot, snapshot) ? c : null;

    /// <summary>
    /// Gives <paramref name="snapshot"/>'s passages their vectors: the stored ones at once, then the missing ones, embedded.
    /// Passes run one at a time; a pass for a snapshot that is no longer the latest stops early.
    /// </summary>
    public async Task<VectorPass> IndexAsync(KnowledgeSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        _target = snapshot;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var watch = Stopwatch.StartNew();
            var store = _store.Value;
            var opened = watch.Elapsed;
            var passages = snapshot.Passages;
            var keys = new UInt128[passages.Count];
            Parallel.For(0, passages.Count, i => keys[i] = VectorStore.Key(PassageVectors.TextOf(passages[i])));
            var hashed = watch.Elapsed;
            var found = new PassageVectors(snapshot, store, keys, Approximate(store, passages.Count));
            Publish(found);
            _logger.LogInformation("Vectors for {Found} of {Passages} passages in {Ms:F0} ms (store {Open:F0} ms, keys {Keys:F0} ms)",
                found.Count, passages.Count, watch.Elapsed.TotalMilliseconds, opened.TotalMilliseconds, (hashed - opened).TotalMilliseconds);

            // The same text in several passages is embedded once.
            var missing = new Dictionary<UInt128, string>();
            foreach (var i in found.Missing())
                missing.TryAdd(keys[i], PassageVectors.TextOf(passages[i]));
            if (missing.Count == 0)
                return new VectorPass(0, 0, watch.Elapsed);

            _logger.LogInformation("Embedding {Count} passages with {Model} ({Stored} stored already)", missing.Count, LogText.Safe(_embeddings.Model), store.Count);
            var embedded = await EmbedAsync(snapshot, missing.ToList(), cancellationToken).ConfigureAwait(false);
            Publish(new PassageVectors(snapshot, store, keys, Approximate(store, passages.Count)));
            var left = missing.Count - embedded;
            if (left > 0)
                _logger.LogWarning("{Left} of {Count} passages have no vector yet; they are tried again later, and answered by words meanwhile", left, missing.Count);
            else
                _logger.LogInformation("Embedded {Count} passages in {Seconds:F1} s", embedded, watch.Elapsed.TotalSeconds);
            return new VectorPass(embedded, left, watch.Elapsed);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task<int> EmbedAsync(KnowledgeSnapshot snapshot, List<KeyValuePair<UInt128, string>> missing, CancellationToken cancellationToken)
    {
        var batches = missing.Chunk(_options.BatchSize).ToList();
        var embedded = 0;
        var nextReport = missing.Count / 10;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(batches, new ParallelOptions { MaxDegreeOfParallelism = _options.Concurrency, CancellationToken = stop.Token }, async (batch, ct) =>
            {
                // A newer snapshot makes this pass moot: the next one takes over, reusing what was stored.
                if (!ReferenceEquals(_target, snapshot))
                {
                    stop.Cancel();
                    return;
                }
                var vectors = await _embeddings.EmbedAsync(batch.Select(b => b.Value).ToList(), ct).ConfigureAwait(false);
                if (vectors is null)
                {
                    stop.Cancel();
                    return;
                }
                try
                {
                    Store.Add(batch.Select((b, i) => (b.Key, vectors[i])).ToList());
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    _logger.LogWarning("The embedding model's vectors cannot be used: {Reason}", LogText.Safe(e.Message));
                    stop.Cancel();
                    return;
                }
                var done = Interlocked.Add(ref embedded, batch.Length);
                if (done >= Volatile.Read(ref nextReport) && missing.Count >= 1000)
                {
                    Volatile.Write(ref nextReport, done + missing.Count / 10);
                    _logger.LogInformation("Embedded {Done} of {Count} passages", done, missing.Count);
                }
            }).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Stopped early: the model failed, or a newer snapshot came.
        }
        return embedded;
    }

    /// <summary>The approximate index, once the passages have reached <c>Embeddings:ExactBelow</c>; null before.</summary>
    public HnswIndex? ApproximateIndex => _approximate;

    // From Embeddings:ExactBelow passages on, the approximate index of the store's rows, opened (or built) once and
    // given the rows embedded since. A failure of the index leaves the exact search answering.
    private HnswIndex? Approximate(VectorStore store, int passages)
    {
        if (passages < _options.ExactBelow || store.Dimensions == 0)
            return null;
        try
        {
            if (_approximate is null || _approximate.Dimensions != store.Dimensions)
            {
                _approximate?.Dispose();
                var watch = Stopwatch.StartNew();
                _approximate = HnswIndex.Open(store, HnswShape.Default with { ExpansionSearch = _options.SearchList }, _logger);
                _logger.LogInformation("Vector index of {Count} vectors ready in {Ms:F0} ms", _approximate.Count, watch.Elapsed.TotalMilliseconds);
            }
            else
                _approximate.Extend(store);
            return _approximate;
        }
        catch (Exception e) when (e is Cloud.Unum.USearch.USearchException or IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("The vector index cannot be used ({Reason}); searching the vectors exactly", LogText.Safe(e.Message));
            return null;
        }
    }

    private void Publish(PassageVectors vectors)
    {
        if (ReferenceEquals(_target, vectors.Snapshot))
            _current = vectors;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_store.IsValueCreated)
            _store.Value.Dispose();
        _approximate?.Dispose();
        _gate.Dispose();
    }
}
