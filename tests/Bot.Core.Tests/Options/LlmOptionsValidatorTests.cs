using Bot.Core.Options;

namespace Bot.Core.Tests.Options;

public sealed class LlmOptionsValidatorTests
{
    [Theory]
    [InlineData("gpt", null, null, null, "Llm:Provider")]
    [InlineData("openai", null, null, "key", "Llm:Model")]
    [InlineData("openai", null, "gpt-4o-mini", null, "Llm:ApiKey")]
    [InlineData("azure", null, "deploy", "key", "Llm:Endpoint")]
    [InlineData("openai", "not a url", "m", null, "Llm:Endpoint")]
    public void Validate_BadSettings_NameTheKey(string provider, string? endpoint, string? model, string? key, string expectedKey)
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model, ApiKey = key });

        Assert.True(result.Failed);
        Assert.Contains(expectedKey, result.FailureMessage);
    }

    [Theory]
    [InlineData("none", null, null, null)]
    [InlineData("openai", "http://localhost:11434/v1", "qwen2.5", null)]
    [InlineData("openai", null, "gpt-4o-mini", "sk-x")]
    [InlineData("azure", "https://res.openai.azure.com", "deploy", "key")]
    public void Validate_GoodSettings_Pass(string provider, string? endpoint, string? model, string? key)
    {
        var result = new LlmOptionsValidator().Validate(null, new LlmOptions { Provider = provider, Endpoint = endpoint, Model = model, ApiKey = key });

        Assert.True(result.Succeeded, result.FailureMessage);
    }
}
