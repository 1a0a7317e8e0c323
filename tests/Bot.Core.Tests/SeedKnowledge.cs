using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests;

/// <summary>The repository's knowledge folder, loaded once for the tests that read it.</summary>
public sealed class SeedKnowledge : IAsyncLifetime
{
    public ServiceProvider Services { get; private set; } = null!;

    public async Task InitializeAsync() => Services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge);

    public Task DisposeAsync() => Services.DisposeAsync().AsTask();
}
