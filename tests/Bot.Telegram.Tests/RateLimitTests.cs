using System.Threading.RateLimiting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram.Tests;

public sealed class RateLimitTests
{
    [Fact]
    public void PerUserLimit_RefusesOverTheLimit_AndCountsEachUserApart()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Telegram:MaxQuestionsPerMinute"] = "2",
        }).Build();
        using var services = new ServiceCollection().AddLogging().AddTelegramFrontEnd(configuration).BuildServiceProvider();
        var limiter = services.GetRequiredService<PartitionedRateLimiter<long>>();

        bool Ask(long user)
        {
            using var lease = limiter.AttemptAcquire(user);
            return lease.IsAcquired;
        }

        Assert.True(Ask(1));
        Assert.True(Ask(1));
        Assert.False(Ask(1));
        Assert.True(Ask(2));
    }
}
