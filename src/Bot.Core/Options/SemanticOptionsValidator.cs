using Microsoft.Extensions.Options;

namespace Bot.Core.Options;

/// <summary>Checks the <c>Embeddings</c> and <c>Rerank</c> sections, naming the missing or wrong key.</summary>
public sealed class SemanticOptionsValidator : IValidateOptions<EmbeddingsOptions>, IValidateOptions<RerankOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddingsOptions options)
    {
        var failures = new List<string>();
        ModelEndpointRules.Check(failures, "Embeddings", options.Provider, options.Endpoint, options.Model, options.ApiKey);
        if (options.Dimensions is < 8 or > 16_384)
            failures.Add("Embeddings:Dimensions must be between 8 and 16384, or empty for the model's own.");
        if (options.BatchSize is < 1 or > 2048)
            failures.Add("Embeddings:BatchSize must be between 1 and 2048.");
        if (options.Concurrency is < 1 or > 32)
            failures.Add("Embeddings:Concurrency must be between 1 and 32.");
        if (options.TimeoutSeconds is < 1 or > 600)
            failures.Add("Embeddings:TimeoutSeconds must be between 1 and 600.");
        if (options.ExactBelow < 0)
            failures.Add("Embeddings:ExactBelow must be 0 or more.");
        if (options.SearchList is < 10 or > 10_000)
            failures.Add("Embeddings:SearchList must be between 10 and 10000.");
        if (options.MinSimilarity is < 0 or > 1 || double.IsNaN(options.MinSimilarity))
            failures.Add("Embeddings:MinSimilarity must be between 0 and 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RerankOptions options)
    {
        var failures = new List<string>();
        ModelEndpointRules.Url(failures, "Rerank:Endpoint", options.Endpoint);
        if (options.Enabled && string.IsNullOrWhiteSpace(options.Model))
            failures.Add("Rerank:Model is required when Rerank:Endpoint is set.");
        if (options.Candidates is < 2 or > 200)
            failures.Add("Rerank:Candidates must be between 2 and 200.");
        if (options.TimeoutSeconds is < 1 or > 600)
            failures.Add("Rerank:TimeoutSeconds must be between 1 and 600.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
