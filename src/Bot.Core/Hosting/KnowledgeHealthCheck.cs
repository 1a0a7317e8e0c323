using Bot.Core.Indexing;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Core.Hosting;

/// <summary>Ready once the knowledge's first load has finished (a health check tagged <see cref="HealthTags.Ready"/>).</summary>
public sealed class KnowledgeHealthCheck(IKnowledgeStore store) : IHealthCheck
{
    /// <summary>The check's name in the readiness report.</summary>
    public const string Name = "knowledge";

    /// <inheritdoc />
    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        Task.FromResult(store.IsLoaded ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy("the knowledge is not loaded yet"));
}
