using Bot.Core.Indexing;

namespace Bot.Core.Hosting;

/// <summary>One thing the bot needs before it can answer (<c>/readyz</c> is 200 only when every check passes).</summary>
public interface IReadinessCheck
{
    /// <summary>What is checked, for the readiness report.</summary>
    string Name { get; }

    /// <summary>True when the thing is there now.</summary>
    Task<bool> IsReadyAsync(CancellationToken cancellationToken);
}

/// <summary>Ready once the knowledge's first load has finished.</summary>
public sealed class KnowledgeReadiness(IKnowledgeStore store) : IReadinessCheck
{
    /// <inheritdoc />
    public string Name => "knowledge";

    /// <inheritdoc />
    public Task<bool> IsReadyAsync(CancellationToken cancellationToken) => Task.FromResult(store.IsLoaded);
}
