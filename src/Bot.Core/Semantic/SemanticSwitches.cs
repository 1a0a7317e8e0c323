using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Core.Semantic;

/// <summary>
/// Which semantic stages are on, and whether an LLM writes the answers, decided once (when first resolved) from the bound and validated options: retrieval by
/// meaning when <c>Embeddings:Provider</c> is not <c>none</c>, reranking when <c>Rerank:Endpoint</c> is set, the LLM's answers when <c>Llm:Provider</c> is not <c>none</c>. Every
/// registration that depends on a stage asks this, so the configuration is not read while services are registered.
/// </summary>
/// <remarks>
/// A section that does not bind or does not validate turns its stage off here, as an invalid section was never wired up:
/// the bot never runs with it, because the start-up check (<c>ValidateOnStart</c>) stops the program first with one line
/// naming the key (exit 2).
/// </remarks>
public sealed class SemanticSwitches(IOptions<EmbeddingsOptions> embeddings, IOptions<RerankOptions> rerank, IOptions<LlmOptions> llm)
{
    /// <summary>True when retrieval by meaning is on.</summary>
    public bool Embeddings { get; } = On(() => embeddings.Value.Enabled);

    /// <summary>True when the rerank model is on.</summary>
    public bool Rerank { get; } = On(() => rerank.Value.Enabled);

    /// <summary>True when an LLM writes the answers (the offline writer standing in when it fails).</summary>
    public bool Llm { get; } = On(() => llm.Value.Enabled);

    // OptionsValidationException: a value the validators refuse; InvalidOperationException: one the binder cannot convert.
    private static bool On(Func<bool> enabled)
    {
        try
        {
            return enabled();
        }
        catch (Exception e) when (e is OptionsValidationException or InvalidOperationException)
        {
            return false;
        }
    }
}
