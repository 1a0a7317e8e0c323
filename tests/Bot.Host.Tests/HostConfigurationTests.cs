using Bot.Core.Hosting;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Host.Tests;

public sealed class HostConfigurationTests
{
    [Theory]
    [InlineData("Llm:Provider", "gemini", "Llm:Provider must be none, openai or azure")]
    [InlineData("Telegram:BotToken", "not-a-token", "Telegram:BotToken does not look like a bot token")]
    [InlineData("Telegram:MaxQuestionsPerMinute", "0", "Telegram:MaxQuestionsPerMinute must be between 1 and 1000")]
    [InlineData("Knowledge:MaxFileBytes", "-1", "Knowledge:MaxFileBytes must be a positive number of bytes")]
    [InlineData("Telegram:AllowedChatId:0", "1234", "Telegram:AllowedChatId is not a setting (did you mean Telegram:AllowedChatIds?)")]
    [InlineData("Feedback:NotifyAsker", "false", "Feedback:NotifyAsker is not a setting (did you mean Feedback:NotifyAskers?)")]
    [InlineData("Telegram:AllowedChatIds:0:a", "999", "Telegram:AllowedChatIds:0 is one value of the list Telegram:AllowedChatIds, not a section")]
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
    public void Host_KnowledgePathThatDoesNotExist_IsOneLineNamingTheKey()
    {
        var missing = Path.Combine(Path.GetTempPath(), "no-such-knowledge-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Knowledge:Path"] = missing,
            ["Knowledge:IndexPath"] = "memory",
        };
        using var host = BotHost.CreateBuilder([], settings).Build();

        var error = ConfigurationCheck.Validate(host.Services);

        Assert.NotNull(error);
        Assert.StartsWith("Configuration error: Knowledge:Path '" + missing + "' does not exist", error);
        Assert.DoesNotContain('\n', error);
    }

    [Theory]
    [InlineData("Telegram:Mode=socket", "Telegram:Mode must be polling or webhook")]
    [InlineData("Telegram:Mode=webhook", "Telegram:WebhookUrl is required when Telegram:Mode is webhook")]
    [InlineData("Telegram:Mode=webhook;Telegram:WebhookUrl=http://bot.example.org/update;Telegram:WebhookSecret=s", "Telegram:WebhookUrl must be an absolute https URL")]
    [InlineData("Telegram:Mode=webhook;Telegram:WebhookUrl=https://bot.example.org/update", "Telegram:WebhookSecret is required in webhook mode")]
    [InlineData("Telegram:Mode=webhook;Telegram:WebhookUrl=https://bot.example.org/update;Telegram:WebhookSecret=has space", "Telegram:WebhookSecret is required in webhook mode")]
    [InlineData("State:Redis=127.0.0.1:6379,password=hunter2,nosuchoption=1", "State:Redis is not a StackExchange.Redis configuration string")]
    [InlineData("State:Redis=127.0.0.1:6379;State:Shards=0", "State:Shards must be between 1 and 1024")]
    [InlineData("Knowledge:RescanSeconds=-1", "Knowledge:RescanSeconds must be between 0 and 3600")]
    [InlineData("HostOptions:ShutdownTimeout=soon", "HostOptions:ShutdownTimeout must be a duration such as 00:00:20 (not 'soon')")]
    [InlineData("HostOptions:ShutdownTimeout=-00:00:05", "HostOptions:ShutdownTimeout must not be negative")]
    [InlineData("Telegram:AllowedChatIds=1234", "Telegram:AllowedChatIds is a list: write each value as Telegram:AllowedChatIds:0")]
    [InlineData("Telegram:AllowedChatIds:0=1234;Telegram:AllowedChatIds:1=abc", "Telegram:AllowedChatIds:1 must be a whole number (not 'abc')")]
    [InlineData("Telegram:AdminUserIds:0=x", "Telegram:AdminUserIds:0 must be a whole number (not 'x')")]
    [InlineData("Feedback:NotifyAskers=maybe", "Feedback:NotifyAskers must be true or false (not 'maybe')")]
    [InlineData("Inbox:Path=/proc/no-such/inbox.db", "Inbox:Path '/proc/no-such/inbox.db' cannot be written")]
    [InlineData("Subscriptions:Path=/proc/no-such/newsroom.db", "Subscriptions:Path '/proc/no-such/newsroom.db' cannot be written")]
    [InlineData("Feedback:Path=/proc/no-such/feedback.db", "Feedback:Path '/proc/no-such/feedback.db' cannot be written")]
    [InlineData("Knowledge:IndexPath=/proc/no-such-index", "Knowledge:IndexPath '/proc/no-such-index' cannot be written")]
    public void Host_BadReplicaSetting_IsOneLineNamingTheKey_AndNeverTheSecret(string pairs, string expected)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Knowledge:Path"] = RepoPaths.SeedKnowledge,
            ["Knowledge:IndexPath"] = "memory",
        };
        foreach (var pair in pairs.Split(';'))
            settings[pair[..pair.IndexOf('=')]] = pair[(pair.IndexOf('=') + 1)..];
        // As Program does: a value of the wrong type fails building the host, a bad value the check after it.
        string? error;
        try
        {
            using var host = BotHost.CreateBuilder([], settings).Build();
            error = ConfigurationCheck.Validate(host.Services);
        }
        catch (Exception e) when (ConfigurationCheck.LineFor(e) is { } line)
        {
            error = line;
        }

        Assert.NotNull(error);
        Assert.Contains(expected, error);
        Assert.DoesNotContain('\n', error);
        Assert.DoesNotContain("hunter2", error);
    }

    [Fact]
    public void Host_LogLevelThatIsNoLevel_IsOneLineNamingTheKey()
    {
        var settings = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Knowledge:Path"] = RepoPaths.SeedKnowledge,
            ["Knowledge:IndexPath"] = "memory",
            ["Logging:LogLevel:Default"] = "Loud",
        };

        var e = Assert.ThrowsAny<Exception>(() => BotHost.Build(BotHost.CreateBuilder([], settings)));

        Assert.Equal("Configuration error: Logging:LogLevel:Default must be Trace, Debug, Information, Warning, Error, Critical or None (not 'Loud').", ConfigurationCheck.LineFor(e));
    }

    [Theory]
    [InlineData(null, 20)]
    [InlineData("00:00:07", 7)]
    public void Host_ShutdownTimeout_IsTwentySecondsUnlessHostOptionsSayOtherwise(string? configured, int seconds)
    {
        using var host = BotHost.CreateBuilder([], new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Knowledge:Path"] = RepoPaths.SeedKnowledge,
            ["Knowledge:IndexPath"] = "memory",
            ["HostOptions:ShutdownTimeout"] = configured,
        }).Build();

        Assert.Equal(TimeSpan.FromSeconds(seconds), host.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<Microsoft.Extensions.Hosting.HostOptions>>().Value.ShutdownTimeout);
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
