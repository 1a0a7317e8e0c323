using System.Threading.Channels;
using Bot.Core.Common;
using Bot.Core.Indexing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Semantic;

/// <summary>
/// Embeds each snapshot's new passages in the background, as the knowledge loads and reloads; questions are answered by
/// words (and the vectors there are) meanwhile. A pass the model failed is tried again after <see cref="RetryAfter"/>,
/// or at the next reload, whichever comes first; so is a pass that failed in any other way (logged): retrieval by meaning
/// is optional, and its failure never stops the host.
/// </summary>
public sealed class VectorIndexingService(IKnowledgeStore store, VectorIndexer indexer, TimeProvider time, ILogger<VectorIndexingService> logger) : BackgroundService
{
    /// <summary>How long after a failed pass the next one starts.</summary>
    public static readonly TimeSpan RetryAfter = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var latest = Channel.CreateBounded<KnowledgeSnapshot>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropOldest });
        void OnReloaded(KnowledgeSnapshot s) => latest.Writer.TryWrite(s);
        store.Reloaded += OnReloaded;
        try
        {
            if (store.IsLoaded)
                latest.Writer.TryWrite(store.Current);
            KnowledgeSnapshot? again = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                var snapshot = again ?? await latest.Reader.ReadAsync(stoppingToken).ConfigureAwait(false);
                again = null;
                if (await PassAsync(snapshot, stoppingToken).ConfigureAwait(false))
                    continue;
                using var waiting = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
                var reload = latest.Reader.WaitToReadAsync(waiting.Token).AsTask();
                var wait = Task.Delay(RetryAfter, time, waiting.Token);
                if (await Task.WhenAny(reload, wait).ConfigureAwait(false) == wait)
                    again = snapshot;
                await waiting.CancelAsync().ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            store.Reloaded -= OnReloaded;
        }
    }

    // One pass; false when passages are left without a vector (the model failed, or the pass itself did).
    private async Task<bool> PassAsync(KnowledgeSnapshot snapshot, CancellationToken stoppingToken)
    {
        try
        {
            return (await indexer.IndexAsync(snapshot, stoppingToken).ConfigureAwait(false)).Missing == 0;
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            logger.LogError("Indexing by meaning failed ({Reason}); questions are answered by words, and it is tried again in {Minutes} min",
                LogText.Safe($"{e.GetType().Name}: {e.Message}"), RetryAfter.TotalMinutes);
            return false;
        }
    }
}
