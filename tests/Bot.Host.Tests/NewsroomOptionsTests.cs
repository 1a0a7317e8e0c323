using Bot.Core.Hosting;
using Bot.TestSupport;

namespace Bot.Host.Tests;

public sealed class NewsroomOptionsTests
{
    [Theory]
    [InlineData("Subscriptions:MaxPerChat", "0", "Subscriptions:MaxPerChat must be between 1 and 100")]
    [InlineData("Subscriptions:MaxPerChat", "many", "Subscriptions:MaxPerChat must be")]
    [InlineData("Subscriptions:ClaimSeconds", "1", "Subscriptions:ClaimSeconds must be between 2 and 600")]
    public void Host_BadSubscriptionSetting_IsOneLineNamingTheKey(string key, string value, string expected)
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
        Assert.Equal(2, ConfigurationCheck.ExitCode);
    }
}
