namespace Bot.Core.Options;

/// <summary>
/// The rules every section naming a model behind an OpenAI-compatible or Azure endpoint shares (<c>Llm</c>,
/// <c>Embeddings</c>): the provider, the model, the endpoint and key each provider needs, and URLs.
/// </summary>
internal static class ModelEndpointRules
{
    /// <summary>Adds to <paramref name="failures"/> what is wrong with a section's provider, endpoint, model and key.</summary>
    public static void Check(List<string> failures, string section, string? provider, string? endpoint, string? model, string? apiKey)
    {
        var p = provider?.Trim().ToLowerInvariant();
        if (p is not ("none" or "openai" or "azure"))
            failures.Add($"{section}:Provider must be none, openai or azure (not '{provider}').");
        if (p is "openai" or "azure" && string.IsNullOrWhiteSpace(model))
            failures.Add(p == "azure" ? $"{section}:Model (the Azure deployment name) is required when {section}:Provider is azure." : $"{section}:Model is required when {section}:Provider is openai.");
        if (p == "azure" && string.IsNullOrWhiteSpace(endpoint))
            failures.Add($"{section}:Endpoint (https://<resource>.openai.azure.com) is required when {section}:Provider is azure.");
        if (p == "azure" && string.IsNullOrWhiteSpace(apiKey))
            failures.Add($"{section}:ApiKey is required when {section}:Provider is azure.");
        if (p == "openai" && string.IsNullOrWhiteSpace(endpoint) && string.IsNullOrWhiteSpace(apiKey))
            failures.Add($"{section}:ApiKey is required for the OpenAI API (or set {section}:Endpoint to a local OpenAI-compatible server).");
        Url(failures, $"{section}:Endpoint", endpoint);
    }

    /// <summary>Adds a failure when <paramref name="value"/> is set and not an absolute http or https URL.</summary>
    public static void Url(List<string> failures, string key, string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && !(Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
            failures.Add($"{key} must be an absolute http or https URL (not '{value}').");
    }
}
