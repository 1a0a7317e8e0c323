using Bot.Core.Hosting;
using Bot.Host;
using Bot.TestSupport;

namespace Bot.Telegram.Tests;

public sealed class HostConfigurationTests
{
    [Theory]
    [InlineData("Llm:Provider", "gemini", "Llm:Provider must be none, openai or azure")]
    [InlineData("Telegram:BotToken", "not-a-token", "Telegram:BotToken does not look like a bot token")]
    [InlineData("Telegram:MaxQuestionsPerMinute", "0", "Telegram:MaxQuestionsPerMinute must be between 1 and 1000")]
    [InlineData("Knowledge:MaxFileBytes", "-1", "Knowledge:MaxFileBytes must be a positive number of bytes")]
    public void Host_BadSetting_IsOneLineNamingTheKey(string key, string value, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Knowledge:Path"] = RepoPaths.SeedKnowledge,
            ["Knowledge:IndexPath"] = "memory",
            [key] = value,
        };
        using var host = BotHost.CreateBuilder([], settings).Build();

        var error = ConfigurationCheck.Validate(host.Services);

        Assert.NotNull(error);
        Assert.StartsWith("Configuration error: ", error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\n', error);
    }

    [Fact]
    public void Host_GoodSettings_PassTheCheck()
    {
        using var host = BotHost.CreateBuilder([], new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Knowledge:Path"] = RepoPaths.SeedKnowledge,
            ["Knowledge:IndexPath"] = "memory",
        }).Build();

        Assert.Null(ConfigurationCheck.Validate(host.Services));
    }
}
