using Microsoft.Extensions.Options;

namespace Bot.Core.Options;

/// <summary>Checks the <c>Embeddings</c> and <c>Rerank</c> sections, naming the missing or wrong key.</summary>
public sealed class SemanticOptionsValidator : IValidateOptions<EmbeddingsOptions>, IValidateOptions<RerankOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddingsOptions options)
    {
        var failures = new List<string>();
        var provider = options.Provider?.Trim().ToLowerInvariant();
        if (provider is not ("none" or "openai" or "azure"))
            failures.Add($"Embeddings:Provider must be none, openai or azure (not '{options.Provider}').");
        if (provider is "openai" or "azure" && string.IsNullOrWhiteSpace(options.Model))
            failures.Add(provider == "azure" ? "Embeddings:Model (the Azure deployment name) is required when Embeddings:Provider is azure." : "Embeddings:Model is required when Embeddings:Provider is openai.");
        if (provider == "azure" && string.IsNullOrWhiteSpace(options.Endpoint))
            failures.Add("Embeddings:Endpoint (https://<resource>.openai.azure.com) is required when Embeddings:Provider is azure.");
        if (provider == "azure" && string.IsNullOrWhiteSpace(options.ApiKey))
            failures.Add("Embeddings:ApiKey is required when Embeddings:Provider is azure.");
        if (provider == "openai" && string.IsNullOrWhiteSpace(options.Endpoint) && string.IsNullOrWhiteSpace(options.ApiKey))
            failures.Add("Embeddings:ApiKey is required for the OpenAI API (or set Embeddings:Endpoint to a local OpenAI-compatible server).");
        Url(failures, "Embeddings:Endpoint", options.Endpoint);
        if (options.Dimensions is < 8 or > 16_384)
            failures.Add("Embeddings:Dimensions must be between 8 and 16384, or empty for the model's own.");
        if (options.BatchSize is < 1 or > 2048)
            failures.Add("Embeddings:BatchSize must be between 1 and 2048.");
        if (options.Concurrency is < 1 or > 32)
            failures.Add("Embeddings:Concurrency must be between 1 and 32.");
        if (options.TimeoutSeconds is < 1 or > 600)
            failures.Add("Embeddings:TimeoutSeconds must be between 1 and 600.");
        if (options.MinSimilarity is < 0 or > 1 || double.IsNaN(options.MinSimilarity))
            failures.Add("Embeddings:MinSimilarity must be between 0 and 1.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RerankOptions options)
    {
        var failures = new List<string>();
        Url(failures, "Rerank:Endpoint", options.Endpoint);
        if (options.Enabled && string.IsNullOrWhiteSpace(options.Model))
            failures.Add("Rerank:Model is required when Rerank:Endpoint is set.");
        if (options.Candidates is < 2 or > 200)
            failures.Add("Rerank:Candidates must be between 2 and 200.");
        if (options.TimeoutSeconds is < 1 or > 600)
            failures.Add("Rerank:TimeoutSeconds must be between 1 and 600.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Url(List<string> failures, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            failures.Add($"{key} must be an absolute http or https URL (not '{value}').");
    }
}
