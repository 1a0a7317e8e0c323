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
    [InlineData("Logging:LogLevel:Default", "Loud", "Logging:LogLevel:Default must be Trace, Debug, Information, Warning, Error, Critical or None (not 'Loud')")]
    [InlineData("Answering:MinCoverag", "0.9", "Answering:MinCoverag is not a setting (did you mean Answering:MinCoverage?)")]
    [InlineData("Embeddings:Bogus", "1", "Embeddings:Bogus is not a setting.")]
    [InlineData("Answering", "5", "Answering is a section of settings (Answering:MaxQuestionLength …), not a value ('5')")]
    [InlineData("Answering:TimeZone:0", "Mars/Olympus", "Answering:TimeZone is one value, not a list or a section (write Answering:TimeZone=…)")]
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

    [Fact]
    public async Task Ask_EmbeddingServerUnreachable_IsOneWarning_NotTheGeneratorsErrorPerCall()
    {
        var (code, output, error) = await HarnessRun.RunWithSettingsAsync("", new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "openai",
            ["Embeddings:Endpoint"] = "http://127.0.0.1:9/v1",
            ["Embeddings:Model"] = "bge-m3",
        }, "ask", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory", "华为青浦研发中心建得怎么样了？");

        Assert.Equal(0, code);
        Assert.Contains("华为", output);
        Assert.DoesNotContain("GenerateAsync", error);
        Assert.DoesNotContain("   at ", error);
    }
}
