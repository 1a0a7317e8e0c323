using Bot.Core.Common;
using Bot.Core.Indexing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Core.Hosting;

/// <summary>Loads the knowledge when the host starts, before any front end answers.</summary>
public sealed class KnowledgeLoaderService(IKnowledgeStore store, ILogger<KnowledgeLoaderService> logger) : IHostedService
{
    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        try
        {
            await store.LoadAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DirectoryNotFoundException e)
        {
            // The bot still runs and says it knows nothing, rather than dying on a missing folder.
            logger.LogError("{Message}", LogText.Safe(e.Message));
        }
    }

    /// <inheritdoc />
    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
