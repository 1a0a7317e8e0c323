using Bot.TestSupport;

namespace Bot.Console.Tests.Configuration;

public sealed class ConfigurationTests
{
    [Theory]
    [InlineData("Llm:Provider", "gemini", "Llm:Provider must be none, openai or azure")]
    [InlineData("Llm:Provider", "openai", "Llm:Model is required")]
    [InlineData("Knowledge:PassageChars", "5", "Knowledge:PassageChars must be between 40 and 4000")]
    [InlineData("Knowledge:PassageChars", "many", "Knowledge:PassageChars must be a whole number (not 'many')")]
    [InlineData("Answering:MinCoverage", "2", "Answering:MinCoverage must be between 0 and 1")]
    [InlineData("Embeddings:Provider", "ollama", "Embeddings:Provider must be none, openai or azure")]
    [InlineData("Embeddings:Provider", "openai", "Embeddings:Model is required")]
    [InlineData("Embeddings:BatchSize", "0", "Embeddings:BatchSize must be between 1 and 2048")]
    [InlineData("Embeddings:Endpoint", "localhost:11434", "Embeddings:Endpoint must be an absolute http or https URL")]
    [InlineData("Embeddings:SearchList", "5", "Embeddings:SearchList must be between 10 and 10000")]
    [InlineData("Rerank:Endpoint", "http://127.0.0.1:8080/v1", "Rerank:Model is required")]
    [InlineData("Rerank:Candidates", "1", "Rerank:Candidates must be between 2 and 200")]
    public async Task Ask_BadSetting_StopsWithExitTwoAndOneLineNamingTheKey(string key, string value, string expected)
    {
        var (code, output, error) = await HarnessRun.RunWithSettingsAsync("", new Dictionary<string, string?> { [key] = value },
            "ask", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory", "华为青浦研发中心建得怎么样了？");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("Configuration error: ", line);
        Assert.Contains(expected, line);
        Assert.DoesNotContain("Exception", line);
    }
}
