using Microsoft.Extensions.Options;

namespace Bot.Core.Options;

/// <summary>Checks the <c>Llm</c> section, naming the missing or wrong key.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        var provider = options.Provider?.Trim().ToLowerInvariant();
        if (provider is not ("none" or "openai" or "azure"))
            failures.Add($"Llm:Provider must be none, openai or azure (not '{options.Provider}').");
        if (provider is "openai" or "azure" && string.IsNullOrWhiteSpace(options.Model))
            failures.Add(provider == "azure" ? "Llm:Model (the Azure deployment name) is required when Llm:Provider is azure." : "Llm:Model is required when Llm:Provider is openai.");
        if (provider == "azure" && string.IsNullOrWhiteSpace(options.Endpoint))
            failures.Add("Llm:Endpoint (https://<resource>.openai.azure.com) is required when Llm:Provider is azure.");
        if (provider == "azure" && string.IsNullOrWhiteSpace(options.ApiKey))
            failures.Add("Llm:ApiKey is required when Llm:Provider is azure.");
        if (provider == "openai" && string.IsNullOrWhiteSpace(options.Endpoint) && string.IsNullOrWhiteSpace(options.ApiKey))
            failures.Add("Llm:ApiKey is required for the OpenAI API (or set Llm:Endpoint to a local OpenAI-compatible server).");
        if (!string.IsNullOrWhiteSpace(options.Endpoint) && !Uri.TryCreate(options.Endpoint, UriKind.Absolute, out _))
            failures.Add($"Llm:Endpoint must be an absolute URL (not '{options.Endpoint}').");
        if (options.TimeoutSeconds is < 1 or > 600)
            failures.Add("Llm:TimeoutSeconds must be between 1 and 600.");
        if (options.BreakerFailures is < 2 or > 100)
            failures.Add("Llm:BreakerFailures must be between 2 and 100.");
        if (options.BreakerSeconds is < 1 or > 3600)
            failures.Add("Llm:BreakerSeconds must be between 1 and 3600.");
        if (options.ContextChars is < 200 or > 100_000)
            failures.Add("Llm:ContextChars must be between 200 and 100000.");
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
