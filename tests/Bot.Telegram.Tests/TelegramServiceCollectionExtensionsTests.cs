using Bot.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace Bot.Telegram.Tests;

public sealed class TelegramServiceCollectionExtensionsTests
{
    private const string Token = "123456:SECRET-token-in-path";

    [Fact]
    public async Task BotApiCalls_WithNoConfigurationFileAndEveryLogAtTrace_NeverLogTheToken()
    {
        await using var api = await FakeBotApiServer.StartAsync();
        // Only these keys: no appsettings.json, so no filter for System.Net.Http, and every category at Trace.
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = Token,
            ["Telegram:ApiBaseUrl"] = api.BaseUrl,
            ["Logging:LogLevel:Default"] = "Trace",
        }).Build();
        var logs = new ListLoggerProvider();
        var services = new ServiceCollection();
        services.AddLogging(b => b.ClearProviders().AddConfiguration(configuration.GetSection("Logging")).SetMinimumLevel(LogLevel.Trace).AddProvider(logs));
        services.AddTelegramFrontEnd(configuration);
        await using var provider = services.BuildServiceProvider();
        var bot = provider.GetRequiredService<ITelegramBotClient>();

        var me = await bot.GetMe();
        await bot.SendMessage(1, "hello");

        Assert.Equal(FakeBotApiServer.BotUsername, me.Username);
        Assert.NotEmpty(api.Calls);
        Assert.DoesNotContain(logs.Lines, l => l.Contains("SECRET-token", StringComparison.Ordinal));
    }
}
