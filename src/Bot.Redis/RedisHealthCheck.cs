using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Bot.Redis;

/// <summary>Ready while Redis answers (a health check tagged <c>ready</c>, for <c>/readyz</c>).</summary>
public sealed class RedisHealthCheck(RedisState redis) : IHealthCheck
{
    /// <summary>The check's name in the readiness report.</summary>
    public const string Name = "redis";

    /// <inheritdoc />
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default) =>
        await redis.PingAsync(TimeSpan.FromSeconds(2), cancellationToken).ConfigureAwait(false)
            ? HealthCheckResult.Healthy()
            : HealthCheckResult.Unhealthy("Redis does not answer");
}
