using Microsoft.Extensions.Options;

namespace Bot.Core.Options;

/// <summary>Checks the <c>Llm</c> section, naming the missing or wrong key.</summary>
public sealed class LlmOptionsValidator : IValidateOptions<LlmOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, LlmOptions options)
    {
        var failures = new List<string>();
        ModelEndpointRules.Check(failures, "Llm", options.Provider, options.Endpoint, options.Model, options.ApiKey);
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
