using Bot.Core.State;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public async Task PerUserLimit_RefusesOverTheLimit_AndCountsEachUserApart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Telegram:MaxQuestionsPerMinute"] = "2",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddTelegramFrontEnd(configuration).BuildServiceProvider();
        var limiter = services.GetRequiredService<IUserRateLimit>();

        Assert.True(await limiter.TryAcquireAsync(1));
        Assert.True(await limiter.TryAcquireAsync(1));
        Assert.False(await limiter.TryAcquireAsync(1));
        Assert.True(await limiter.TryAcquireAsync(2));
    }
}
