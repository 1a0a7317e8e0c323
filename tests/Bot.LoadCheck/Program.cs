// The replicas' load check: a real redis-server, the fake Bot API, two replicas of the real host (processes of their own)
// in webhook mode; updates from many users posted to both alternately, as a balancer would. Reports throughput, the time
// from an update's 200 to its reply reaching the Bot API (p50, p99), and Redis commands per answer.
//   dotnet run -c Release --project tests/Bot.LoadCheck -- [updates=2000] [users=200] [concurrency=32] [replicas=2]
using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using Bot.Core.Evaluation;
using Bot.TestSupport;
using StackExchange.Redis;

var updates = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 2000;
var users = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 200;
var concurrency = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 32;
var replicaCount = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 2;
string[] questions =
[
    "华为青浦研发中心建得怎么样了？", "上海交通大学副校长是谁？", "国产首艘大型邮轮交付了吗？",
    "金山区保障性租赁住房供应完成进度排第几？", "明天上海天气怎么样？",
];

await using var redis = await RedisServer.StartAsync();
await using var api = await FakeBotApiServer.StartAsync();
var settings = new Dictionary<string, string>
{
    // Every question is answered, none refused: this measures answering, not the limit.
    ["Telegram__MaxQuestionsPerMinute"] = "1000",
    // The fake Bot API has no overall limit; each chat keeps Telegram's own (about one message a second).
    ["Telegram__MaxSendsPerSecond"] = "1000",
    ["State__LeaseSeconds"] = "10",
};
var replicas = new List<ReplicaProcess>();
for (var r = 0; r < replicaCount; r++)
    replicas.Add(await ReplicaProcess.StartAsync(api.BaseUrl, redis.Configuration, "load:", settings));
// Both replicas beat and take their shares of the shards.
await Task.Delay(TimeSpan.FromSeconds(5));

using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true");
var server = connection.GetServer(connection.GetEndPoints()[0]);
async Task<long> CommandsAsync() => long.Parse((await server.InfoAsync("stats")).SelectMany(g => g).First(p => p.Key == "total_commands_processed").Value, CultureInfo.InvariantCulture);

// Each user's questions in order; users interleaved, as many chats would send them.
var plan = Enumerable.Range(0, updates).Select(i => (User: 900_000L + i % users, Text: questions[i / users % questions.Length])).ToList();
var accepted = new ConcurrentDictionary<int, long>();
async Task<double> OperationsAsync() => (await Task.WhenAll(replicas.Select(r => r.GetTextAsync("/metrics"))))
    .Sum(m => double.Parse(m.Split('\n').First(l => l.StartsWith("bot_state_operations", StringComparison.Ordinal)).Split(' ')[^1], CultureInfo.InvariantCulture));
var commandsBefore = await CommandsAsync();
var operationsBefore = await OperationsAsync();
var started = Stopwatch.GetTimestamp();
var next = -1;
var perUser = new ConcurrentDictionary<long, SemaphoreSlim>();
await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
{
    int i;
    while ((i = Interlocked.Increment(ref next)) < plan.Count)
    {
        var (user, text) = plan[i];
        // One user's questions are posted one after another (Telegram sends a chat's updates in order).
        var gate = perUser.GetOrAdd(user, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync();
        try
        {
            var update = api.TextUpdate(user, text);
            var replica = replicas[i % replicas.Count];
            HttpStatusCode status;
            while ((status = await replica.PostAsync(update)) != HttpStatusCode.OK)
                await Task.Delay(50);
            accepted[update["message"]!["message_id"]!.GetValue<int>()] = Stopwatch.GetTimestamp();
        }
        finally
        {
            gate.Release();
        }
    }
}));
var posted = Stopwatch.GetElapsedTime(started);
var calls = await api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage" && x.ReplyTo is not null) >= updates, TimeSpan.FromMinutes(10));
var elapsed = Stopwatch.GetElapsedTime(started);
var commands = await CommandsAsync() - commandsBefore;
var operations = await OperationsAsync() - operationsBefore;

var replies = calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is { } id && accepted.ContainsKey(id)).GroupBy(c => c.ReplyTo!.Value).ToList();
var latencies = replies.Select(g => Stopwatch.GetElapsedTime(accepted[g.Key], g.Min(c => c.Timestamp)).TotalMilliseconds).Order().ToArray();
var twice = replies.Count(g => g.Count() > 1);
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {Environment.OSVersion}, .NET {Environment.Version}");
Console.WriteLine($"updates {updates} from {users} users over {replicas.Count} replicas, {concurrency} posting at once");
Console.WriteLine($"posted in {posted.TotalSeconds:F2} s; all answered in {elapsed.TotalSeconds:F2} s: {updates / elapsed.TotalSeconds:F0} answers/s");
Console.WriteLine($"accept to reply: p50 {Percentiles.Of(latencies, 0.5):F1} ms, p99 {Percentiles.Of(latencies, 0.99):F1} ms, max {latencies[^1]:F1} ms");
Console.WriteLine($"answered {replies.Count}, answered twice {twice}");
foreach (var replica in replicas)
    await replica.DisposeAsync();
Console.WriteLine($"Redis: the replicas sent {operations:F0} commands, {operations / updates:F1} per answer; Redis ran {commands} (scripts' own commands counted), {(double)commands / updates:F1} per answer");
