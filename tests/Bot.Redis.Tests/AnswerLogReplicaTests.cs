using Bot.Core;
using Bot.Core.Answering;
using Bot.Core.State;
using Bot.Host;
using Bot.Telegram;
using Bot.TestSupport;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Moq;

namespace Bot.Redis.Tests;

/// <summary>Two hosts of the bot in this process over one real Redis, each polling its own fake Bot API, as two replicas.</summary>
public sealed class AnswerLogReplicaTests : RedisTest
{
    private const long Alice = 1001;
    private const long Bob = 1002;
    private const string Question = "华为青浦研发中心建得怎么样了？";

    private readonly List<(FakeBotApiServer Api, IHost Host)> _replicas = [];

    protected override Task StartAsync() => Task.CompletedTask;

    protected override async ValueTask StopAsync()
    {
        foreach (var (api, host) in _replicas)
        {
            using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
                await host.StopAsync(cts.Token);
            host.Dispose();
            await api.DisposeAsync();
        }
    }

    private Dictionary<string, string?> Settings(string botApi) => new()
    {
        ["Telegram:BotToken"] = "123456:TEST-token",
        ["Telegram:ApiBaseUrl"] = botApi,
        ["Telegram:PollTimeoutSeconds"] = "0",
        ["Telegram:AdminUserIds:0"] = Alice.ToString(),
        ["Telegram:KeepQuestions"] = "true",
        ["Knowledge:Path"] = RepoPaths.SeedKnowledge,
        ["Knowledge:IndexPath"] = "memory",
        ["State:Redis"] = Redis.Configuration,
        ["State:KeyPrefix"] = Prefix,
        ["Logging:LogLevel:Default"] = "Warning",
    };

    private async Task<FakeBotApiServer> StartReplicaAsync()
    {
        var api = await FakeBotApiServer.StartAsync();
        var host = BotHost.Build(BotHost.CreateBuilder([], Settings(api.BaseUrl)));
        _replicas.Add((api, host));
        await host.StartAsync();
        return api;
    }

    [RedisFact]
    public async Task Rating_PressedOnOneReplica_ForAnAnswerGivenByTheOther_IsRecordedForThatAnswer()
    {
        var a = await StartReplicaAsync();
        var b = await StartReplicaAsync();
        // Each replica answers once, B first: in a log of each replica's own, both answers would have the same id.
        b.EnqueueText(Bob, Question);
        await b.WaitForCallsAsync("editMessageReplyMarkup", 1);
        a.EnqueueText(Alice, Question);
        var markup = (await a.WaitForCallsAsync("editMessageReplyMarkup", 1))[0];
        var down = markup.Body["reply_markup"]!["inline_keyboard"]!.AsArray()[^1]![1]!["callback_data"]!.GetValue<string>();

        // Alice presses 👎 under A's answer; Telegram hands the press to B.
        b.EnqueueCallback(Alice, Alice, markup.Body["message_id"]!.GetValue<int>(), down, markup.Body["reply_markup"]);
        var pressed = (await b.WaitForCallsAsync("answerCallbackQuery", 1))[0];
        a.EnqueueText(Alice, "/feedback");
        var sent = await a.WaitForAsync(c => c.Count(x => x.Method == "sendMessage" && x.ChatId == Alice) >= 2);

        Assert.Equal("谢谢！已记下。", pressed.Body["text"]!.GetValue<string>());
        var feedback = sent.Where(c => c.Method == "sendMessage" && c.ChatId == Alice).Last().Text;
        Assert.StartsWith("回答 2 个（未找到 0），👍 0，👎 1。", feedback);
        Assert.Contains("1 × " + Question, feedback);
    }

    [RedisFact]
    public void SharedState_IsChosenByStateRedis_WhicheverIsRegisteredFirst()
    {
        foreach (var redisFirst in new[] { true, false })
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(Settings("http://127.0.0.1:9")).Build();
            var services = new ServiceCollection().AddLogging().AddSingleton(Mock.Of<IHostEnvironment>(e => e.ContentRootPath == AppContext.BaseDirectory));
            if (redisFirst)
                services.AddSharedState(configuration);
            services.AddBotCore(configuration);
            services.AddTelegramFrontEnd(configuration);
            if (!redisFirst)
                services.AddSharedState(configuration);
            using var provider = services.BuildServiceProvider();

            Assert.IsType<RedisAnswerLog>(provider.GetRequiredService<IAnswerLog>());
            Assert.IsType<RedisRateLimit>(provider.GetRequiredService<IUserRateLimit>());
            Assert.IsType<RedisConversationStore>(provider.GetRequiredService<IConversationStore>());
            Assert.IsType<UpdateStreams>(provider.GetRequiredService<IUpdateQueue>());
        }
    }
}
