using System.Threading.Channels;
using Bot.Core.Indexing;
using Microsoft.Extensions.Hosting;

namespace Bot.Core.Semantic;

/// <summary>
/// Embeds each snapshot's new passages in the background, as the knowledge loads and reloads; questions are answered by
/// words (and the vectors there are) meanwhile. A pass the model failed is tried again after <see cref="RetryAfter"/>,
/// or at the next reload, whichever comes first.
/// </summary>
public sealed class VectorIndexingService(IKnowledgeStore store, VectorIndexer indexer, TimeProvider time) : BackgroundService
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
                var pass = await indexer.IndexAsync(snapshot, stoppingToken).ConfigureAwait(false);
                if (pass.Missing == 0)
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
}
