using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace Bot.Host.Tests;

public sealed class HostShutdownTests
{
    private const long Alice = 1001;

    [Fact]
    public async Task Shutdown_AnswerWaitingOnAHangingLlm_IsCancelledWhenTheShutdownTimeRunsOut()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        llm.Hang(TimeSpan.FromMinutes(5));
        var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Endpoint"] = llm.Endpoint,
            ["Llm:Model"] = "test-model",
            ["Llm:TimeoutSeconds"] = "600",
        });
        try
        {
            // Set explicitly, and short of the README unit's TimeoutStopSec=30.
            Assert.Equal(TimeSpan.FromSeconds(20), bot.Host.Services.GetRequiredService<IOptions<HostOptions>>().Value.ShutdownTimeout);
            bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");
            await WaitUntilAsync(() => llm.Requests.Count == 1);

            // The host's shutdown time, shortened for the test: when it runs out the LLM call is cancelled.
            using (var shutdown = new CancellationTokenSource(TimeSpan.FromSeconds(2)))
                await bot.Host.StopAsync(shutdown.Token);

            await WaitUntilAsync(() => llm.Aborted == 1);
            Assert.DoesNotContain(bot.Api.Calls, c => c.Text.Contains("太晚了"));
        }
        finally
        {
            bot.Host.Dispose();
            await bot.Api.DisposeAsync();
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
            await tick.WaitForNextTickAsync(timeout.Token);
    }
}
