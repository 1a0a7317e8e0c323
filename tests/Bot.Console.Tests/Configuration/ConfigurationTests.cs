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
