// The push check: the real host (in this process) over the fake Bot API, a knowledge folder of three stories and
// <chats> chats subscribed to 华为; one matching article is dropped into the folder, and the time from the reload that
// indexed it to each chat's push reaching the Bot API is measured (first, p50, p99, last). With "redis" the state is in a
// real redis-server, and its commands during the pushes are counted from INFO commandstats.
//   dotnet run -c Release --project tests/Bot.PushCheck -- [chats=1000] [sqlite|redis] [sendsPerSecond=30]
using System.Diagnostics;
using System.Globalization;
using Bot.Core.Indexing;
using Bot.Core.Newsroom;
using Bot.Host;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

var chats = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 1000;
var useRedis = args.Length > 1 && args[1] == "redis";
var perSecond = args.Length > 2 ? args[2] : "30";

using var knowledge = new TempFolder();
SyntheticNews.WriteThreeStories(knowledge);
await using var api = await FakeBotApiServer.StartAsync();
RedisServer? redis = useRedis ? await RedisServer.StartAsync() : null;
var settings = api.HostSettings(knowledge.Path, new Dictionary<string, string?>
{
    ["Telegram:MaxSendsPerSecond"] = perSecond,
    ["Knowledge:DebounceMilliseconds"] = "50",
    ["Subscriptions:Path"] = "memory",
    ["State:Redis"] = redis?.Configuration,
    ["State:KeyPrefix"] = "push:",
});
var host = BotHost.Build(BotHost.CreateBuilder([], settings));
await host.StartAsync();
var store = host.Services.GetRequiredService<INewsroomStore>();
var knowledgeStore = host.Services.GetRequiredService<IKnowledgeStore>();
while (!knowledgeStore.IsLoaded)
    await Task.Delay(10);
await host.Services.GetRequiredService<IArticleFeed>().SettledAsync();
for (var i = 0; i < chats; i++)
    await store.SubscribeAsync(1_000_000 + i, "华为", 20);

ConnectionMultiplexer? connection = redis is null ? null : await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
async Task<Dictionary<string, long>> CommandStatsAsync()
{
    if (connection is null)
        return [];
    var server = connection.GetServer(connection.GetEndPoints()[0]);
    return (await server.InfoAsync("commandstats")).SelectMany(g => g)
        .ToDictionary(p => p.Key.Replace("cmdstat_", ""), p => long.Parse(p.Value.Split(',')[0].Split('=')[1], CultureInfo.InvariantCulture));
}

var indexed = new TaskCompletionSource<long>();
knowledgeStore.Reloaded += s =>
{
    if (s.Articles.Any(a => a.Id == "push-1"))
        indexed.TrySetResult(Stopwatch.GetTimestamp());
};
var before = await CommandStatsAsync();
knowledge.WriteJsonl("push.jsonl", new { id = "push-1", title = "华为发布新款手机", date = "2024-01-09", text = "华为今天在上海发布了新款手机。新机将于下周上市。" });
var at = await indexed.Task.WaitAsync(TimeSpan.FromMinutes(2));
var calls = await api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") >= chats, TimeSpan.FromMinutes(10));
while ((await store.PendingAsync()).Count > 0)
    await Task.Delay(50);
var after = await CommandStatsAsync();

var times = calls.Where(c => c.Method == "sendMessage").Select(c => Stopwatch.GetElapsedTime(at, c.Timestamp).TotalMilliseconds).Order().ToList();
double P(double q) => times[(int)Math.Min(times.Count - 1, Math.Ceiling(q * times.Count) - 1)];
Console.WriteLine(FormattableString.Invariant(
    $"{chats} chats, {(useRedis ? "redis" : "sqlite")}, Telegram:MaxSendsPerSecond={perSecond}: {times.Count} pushes; indexed→pushed ms first {times[0]:F0}, p50 {P(0.5):F0}, p99 {P(0.99):F0}, last {times[^1]:F0}"));
if (connection is not null)
{
    var delta = after.Select(p => (p.Key, Count: p.Value - before.GetValueOrDefault(p.Key))).Where(p => p.Count > 0 && p.Key != "info").OrderByDescending(p => p.Count).ToList();
    var total = delta.Sum(p => p.Count);
    Console.WriteLine(FormattableString.Invariant($"Redis commands from the drop to the last push: {total} ({(double)total / times.Count:F2} per push): {string.Join(", ", delta.Select(p => $"{p.Key} {p.Count}"))}"));
}
await host.StopAsync();
await host.DisposeAsync();
connection?.Dispose();
if (redis is not null)
    await redis.DisposeAsync();
