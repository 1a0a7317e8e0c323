using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Bot.Redis;

/// <summary>
/// The one connection to Redis, owned for the process's life, and the prefixed database every shared-state service
/// uses. The process starts and keeps running while Redis is away (the client reconnects by itself); <c>/readyz</c>
/// says so meanwhile.
/// </summary>
public sealed class RedisState : IDisposable
{
    private readonly ConnectionMultiplexer _connection;
    private readonly string _prefix;

    /// <summary>Connects (without failing when Redis is not there yet).</summary>
    public RedisState(IOptions<StateOptions> options, ILogger<RedisState> logger, Bot.Core.Answering.BotMetrics? metrics = null)
    {
        var o = options.Value;
        var configuration = ConfigurationOptions.Parse(o.Redis!);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= $"news-bot-{Environment.MachineName}-{Environment.ProcessId}";
        _connection = ConnectionMultiplexer.Connect(configuration);
        _prefix = o.KeyPrefix;
        Database = _connection.GetDatabase().WithKeyPrefix(o.KeyPrefix);
        _connection.ConnectionFailed += (_, e) => logger.LogWarning("Redis connection lost ({Failure})", e.FailureType);
        _connection.ConnectionRestored += (_, _) => logger.LogInformation("Redis connection restored");
        metrics?.AddStateOperations(() => _connection.OperationCount);
    }

    /// <summary>The database, every key under the configured prefix.</summary>
    public IDatabase Database { get; }

    /// <summary>Publish and subscribe (channels are prefixed by <see cref="Channel"/>).</summary>
    public ISubscriber Subscriber => _connection.GetSubscriber();

    /// <summary>The channel <paramref name="name"/> under the prefix.</summary>
    public RedisChannel Channel(string name) => RedisChannel.Literal(_prefix + name);

    /// <summary>True when Redis answers a PING within <paramref name="timeout"/>.</summary>
    public async Task<bool> PingAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await Database.PingAsync().WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            return false;
        }
    }

    /// <inheritdoc />
    public void Dispose() => _connection.Dispose();
}

/// <summary>What a failing Redis raises through StackExchange.Redis: its own errors, and its timeouts (a <see cref="TimeoutException"/>).</summary>
public static class RedisFailure
{
    /// <summary>True when <paramref name="e"/> says Redis failed or did not answer in time.</summary>
    public static bool Is(Exception e) => e is RedisException or TimeoutException;
}
