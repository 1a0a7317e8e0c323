using Bot.Core.Indexing;
using Bot.Core.Newsroom;
using Bot.Host;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Redis.Tests;

/// <summary>Two hosts of the bot in this process over one real Redis and one knowledge folder, each polling its own fake Bot API, as two replicas.</summary>
public sealed class NewsroomReplicaTests : RedisTest
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(60);
    private readonly TempFolder _knowledge = new();
    private readonly List<(FakeBotApiServer Api, IHost Host)> _replicas = [];

    protected override Task StartAsync()
    {
        SyntheticNews.WriteThreeStories(_knowledge);
        return Task.CompletedTask;
    }

    protected override async ValueTask StopAsync()
    {
        foreach (var (api, host) in _replicas)
            await StopAsync(api, host);
        _knowledge.Dispose();
    }

    private static async Task StopAsync(FakeBotApiServer api, IHost host)
    {
        using (var cts = new CancellationTokenSource(TimeSpan.FromSeconds(10)))
            await host.StopAsync(cts.Token);
        host.Dispose();
        await api.DisposeAsync();
    }

    private async Task<(FakeBotApiServer Api, IHost Host)> StartReplicaAsync()
    {
        var api = await FakeBotApiServer.StartAsync();
        var host = BotHost.Build(BotHost.CreateBuilder([], api.HostSettings(_knowledge.Path, new Dictionary<string, string?>
        {
            ["State:Redis"] = Redis.Configuration,
            ["State:KeyPrefix"] = Prefix,
            ["Knowledge:DebounceMilliseconds"] = "50",
            ["Subscriptions:PollSeconds"] = "1",
        })));
        var replica = (api, (IHost)host);
        _replicas.Add(replica);
        await host.StartAsync();
        using var cts = new CancellationTokenSource(Bound);
        while (!host.Services.GetRequiredService<IKnowledgeStore>().IsLoaded)
            await Task.Delay(10, cts.Token);
        await host.Services.GetRequiredService<IArticleFeed>().SettledAsync(cts.Token);
        return replica;
    }

    private static async Task SubscribeAsync(FakeBotApiServer api, long chat, string words)
    {
        var id = api.EnqueueText(chat, "/subscribe " + words);
        await api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ReplyTo == id), Bound);
    }

    private static List<RecordedCall> Pushes(FakeBotApiServer api) =>
        api.Calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is null).ToList();

    private static string Jsonl(string id, string title) =>
        System.Text.Json.JsonSerializer.Serialize(new { id, title, date = "2024-01-09", text = title + "。华为今天公布了消息。" }) + "\n";

    private static async Task UntilAsync(Func<Task<bool>> condition)
    {
        using var cts = new CancellationTokenSource(Bound);
        while (!await condition())
            await Task.Delay(20, cts.Token);
    }

    [RedisFact]
    public async Task TwoReplicas_PushEachArticleOncePerChat()
    {
        var a = await StartReplicaAsync();
        var b = await StartReplicaAsync();
        await SubscribeAsync(a.Api, 100, "华为");
        await SubscribeAsync(b.Api, 101, "华为");
        var store = a.Host.Services.GetRequiredService<INewsroomStore>();

        _knowledge.Write("one.jsonl", Jsonl("n1", "华为新闻一"));
        _knowledge.Write("two.jsonl", Jsonl("n2", "华为新闻二"));
        await UntilAsync(async () => Pushes(a.Api).Count + Pushes(b.Api).Count >= 4 && (await store.PendingAsync()).Count == 0);
        // Both replicas have compared every reload they made: nothing more can be owed.
        foreach (var (_, host) in _replicas)
            await host.Services.GetRequiredService<IArticleFeed>().SettledAsync();

        var all = Pushes(a.Api).Concat(Pushes(b.Api)).Select(p => (p.ChatId, Title: p.Text.Contains("新闻一") ? "一" : "二")).ToList();
        Assert.Equal(4, all.Count);
        Assert.Equal(4, all.Distinct().Count());
    }

    [RedisFact]
    public async Task ReplicaStoppedMidPush_LeavesOnlyThePushInFlightToTheOther()
    {
        var a = await StartReplicaAsync();
        var b = await StartReplicaAsync();
        await SubscribeAsync(a.Api, 100, "华为");
        a.Api.Hold("sendMessage");
        b.Api.Hold("sendMessage");

        _knowledge.Write("one.jsonl", Jsonl("n1", "华为新闻一"));
        await UntilAsync(() => Task.FromResult(Pushes(a.Api).Count + Pushes(b.Api).Count >= 1));
        var (stopped, survivor) = Pushes(a.Api).Count > 0 ? (a, b) : (b, a);
        _replicas.Remove(stopped);
        await StopAsync(stopped.Api, stopped.Host);
        survivor.Api.Release("sendMessage");

        var store = survivor.Host.Services.GetRequiredService<INewsroomStore>();
        await UntilAsync(async () => (await store.PendingAsync()).Count == 0);
        var push = Assert.Single(Pushes(survivor.Api));
        Assert.Contains("华为新闻一", push.Text);
        Assert.Equal(100, push.ChatId);
    }
}
