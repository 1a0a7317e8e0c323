using Bot.TestSupport;

namespace Bot.Redis.Tests;

/// <summary>A test class over one real Redis (the one <c>.ci/run</c> started, or its own), under a key prefix of its own.</summary>
public abstract class RedisTest : IAsyncLifetime
{
    /// <summary>The key prefix of this test, so that tests sharing a Redis never meet.</summary>
    protected string Prefix { get; } = $"t{Guid.NewGuid():N}:"[..14];

    /// <summary>The Redis (null where none can be had: the tests are then skipped).</summary>
    protected RedisServer Redis { get; private set; } = null!;

    /// <inheritdoc />
    public async Task InitializeAsync()
    {
        if (RedisServer.Missing is not null)
            return;
        Redis = await RedisServer.SharedOrStartAsync();
        await StartAsync();
    }

    /// <summary>What the test class starts besides the Redis.</summary>
    protected abstract Task StartAsync();

    /// <summary>What the test class stops before the Redis.</summary>
    protected abstract ValueTask StopAsync();

    /// <inheritdoc />
    public async Task DisposeAsync()
    {
        if (Redis is null)
            return;
        await StopAsync();
        await Redis.DisposeAsync();
    }
}
