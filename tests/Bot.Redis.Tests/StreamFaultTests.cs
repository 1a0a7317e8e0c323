using System.Net;
using System.Text.Json.Nodes;
using Bot.TestSupport;
using StackExchange.Redis;

namespace Bot.Redis.Tests;

/// <summary>
/// Faults of Redis and of replicas around the update streams, with real host processes, a real <c>redis-server</c> of
/// each test's own (paused, killed, restarted) and the fake Bot API: what was accepted is answered, once, in order.
/// </summary>
public sealed class StreamFaultTests : RedisTest
{
    private const string Question = "华为青浦研发中心建得怎么样了？";
    // How long Redis stalls: several of the reader's one-second polls, well inside its lease (10 s).
    private const int StallMilliseconds = 5000;
    private FakeBotApiServer _api = null!;

    protected override async Task StartAsync() => _api = await FakeBotApiServer.StartAsync();

    protected override ValueTask StopAsync() => _api.DisposeAsync();

    [RedisFact]
    public async Task RedisPausedWhileAReadIsOnItsWay_TheEntriesItDeliveredAreAnsweredOnce_WhenItGoesOn()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = new Dictionary<string, string>
        {
            ["State__Shards"] = "1",
            ["State__LeaseSeconds"] = "10",
            ["Logging__LogLevel__Bot.Redis"] = "Debug",
        };
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, redis.Configuration + ",asyncTimeout=1000,syncTimeout=1000", Prefix, settings);
        var first = _api.TextUpdate(9000, Question);
        Assert.Equal(HttpStatusCode.OK, await a.PostAsync(first));
        await WaitAnsweredAsync([Id(first)], TimeSpan.FromSeconds(30));

        // Queued without waking the reader, and Redis stalls in the same transaction (CLIENT PAUSE, so that the reader
        // cannot read them in between): the reader's next poll reaches Redis, times out here, and Redis runs it when it
        // goes on, delivering the entries into a reply nobody reads.
        var asked = new List<int>();
        using (var client = await ConnectionMultiplexer.ConnectAsync(redis.Configuration + ",allowAdmin=true"))
        {
            var queue = client.GetDatabase().CreateTransaction();
            var added = new List<Task>();
            foreach (var chat in Enumerable.Range(9001, 6))
            {
                var update = _api.TextUpdate(chat, Question);
                added.Add(queue.StreamAddAsync(Prefix + "updates:0", "u", update.ToJsonString()));
                asked.Add(Id(update));
            }
            added.Add(queue.ExecuteAsync("CLIENT", "PAUSE", StallMilliseconds, "ALL"));
            Assert.True(await queue.ExecuteAsync());
            await Task.WhenAll(added);
        }
        await WaitLogAsync(a, "Reading shard 0 failed", TimeSpan.FromSeconds(15));

        await WaitAnsweredAsync(asked, TimeSpan.FromSeconds(30));
        await MarkerAnsweredAsync(a, 9001);
        var replies = Replies();
        Assert.All(asked, id => Assert.Single(replies, r => r.ReplyTo == id));
    }

    [RedisFact]
    public async Task ReplicaFrozenLongerThanItsLease_OnWaking_DropsTheWorkWhoseShardPassedOn_SoNothingIsAnsweredTwice()
    {
        var replicas = await Task.WhenAll(ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix), ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix));
        await using var a = replicas[0];
        await using var b = replicas[1];
        await WaitSharedAsync(a, b);
        // Every answer waits at its first step, so that each replica holds the updates it took.
        _api.Hold("sendChatAction");
        var asked = await PostQuestionsAsync(a, b, 9100);
        await _api.WaitForCallsAsync("sendChatAction", asked.Count, TimeSpan.FromSeconds(30));

        // A freezes with its work in flight; B takes its shards once the leases lapse, claims the entries and answers.
        await a.FreezeAsync();
        _api.Release("sendChatAction");
        await WaitAnsweredAsync(asked.Select(q => q.MessageId), TimeSpan.FromSeconds(60));
        await a.ThawAsync();
        // A's work goes on from where it froze: finished (sent, or dropped) once its chat queues are empty.
        await a.WaitAsync(async r => QueueDepth(await r.GetTextAsync("/metrics")) == 0 ? HttpStatusCode.OK : HttpStatusCode.Accepted, HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        // The frozen replica held work, and dropped it: its log says so (the console log is written behind, so waited for).
        await WaitLogAsync(a, "is dropped", TimeSpan.FromSeconds(30));
        var replies = Replies();
        Assert.All(asked, q => Assert.Single(replies, r => r.ReplyTo == q.MessageId));
    }

    [RedisFact]
    public async Task RedisRestartedEmptyAfterTheLeasesLapsed_EachReplicaTakesBackWhatItHeld_AndEveryChatIsAnsweredOnceInOrder()
    {
        await using var redis = await RedisServer.StartAsync();
        var replicas = await Task.WhenAll(ReplicaProcess.StartAsync(_api.BaseUrl, redis.Configuration, Prefix), ReplicaProcess.StartAsync(_api.BaseUrl, redis.Configuration, Prefix));
        await using var a = replicas[0];
        await using var b = replicas[1];
        await WaitSharedAsync(a, b);
        // Redis is gone for longer than a lease (every reader says its lease lapsed), and comes back empty; the second
        // message in every chat is answered without the typing notice, so that it could overtake the first.
        var (asked, second) = await AskAcrossARestartAsync(redis, a, b, 9200);
        await _api.WaitForAsync(c => second.Any(q => Answered(c).ContainsKey(q.MessageId))
            || Occurrences(a.Output, "Redis came back empty") > 0 && Occurrences(b.Output, "Redis came back empty") > 0, TimeSpan.FromSeconds(30)).ConfigureAwait(false);
        _api.Release("sendChatAction");

        await WaitAnsweredAsync(asked.Concat(second).Select(q => q.MessageId), TimeSpan.FromSeconds(60));
        await MarkerAnsweredAsync(a, asked[0].Chat);
        var replies = Replies();
        Assert.All(asked.Concat(second), q => Assert.Single(replies, r => r.ReplyTo == q.MessageId));
        foreach (var ((chat, first), (_, then)) in asked.Zip(second))
        {
            var order = replies.Where(r => r.ChatId == chat).Select(r => r.ReplyTo!.Value).ToList();
            Assert.True(order.IndexOf(first) < order.IndexOf(then), $"chat {chat}: {string.Join(",", order)}");
        }
    }

    [RedisFact]
    public async Task RedisKilledMidBurst_RestartedFromItsAppendOnlyFile_EveryUpdateIsAnsweredOnce()
    {
        await using var redis = await RedisServer.StartAsync(appendOnly: true);
        var replicas = await Task.WhenAll(ReplicaProcess.StartAsync(_api.BaseUrl, redis.Configuration, Prefix), ReplicaProcess.StartAsync(_api.BaseUrl, redis.Configuration, Prefix));
        await using var a = replicas[0];
        await using var b = replicas[1];
        await WaitSharedAsync(a, b);
        // SIGKILL with every update taken and none answered, gone for longer than a lease, then back from its file.
        var (asked, second) = await AskAcrossARestartAsync(redis, a, b, 9400);
        _api.Release("sendChatAction");

        await WaitAnsweredAsync(asked.Concat(second).Select(q => q.MessageId), TimeSpan.FromSeconds(60));
        await MarkerAnsweredAsync(a, asked[0].Chat);
        var replies = Replies();
        Assert.All(asked.Concat(second), q => Assert.Single(replies, r => r.ReplyTo == q.MessageId));
        // The file kept Redis's run: nothing was taken for an empty restart.
        Assert.Equal(0, Occurrences(a.Output, "Redis came back empty") + Occurrences(b.Output, "Redis came back empty"));
    }

    // Twelve questions taken and held at their typing notice; Redis stopped (SIGKILL) until every replica's lease has
    // lapsed, then started again; then a /help in every chat, posted alternately to either replica. The typing notice
    // stays held: the caller releases it.
    private async Task<(List<(long Chat, int MessageId)> Asked, List<(long Chat, int MessageId)> Second)> AskAcrossARestartAsync(
        RedisServer redis, ReplicaProcess a, ReplicaProcess b, long firstChat)
    {
        _api.Hold("sendChatAction");
        var asked = await PostQuestionsAsync(a, b, firstChat);
        await _api.WaitForCallsAsync("sendChatAction", asked.Count, TimeSpan.FromSeconds(30));
        await redis.StopAsync();
        await WaitLogAsync(a, "lease was not renewed in time", TimeSpan.FromSeconds(30));
        await WaitLogAsync(b, "lease was not renewed in time", TimeSpan.FromSeconds(30));
        await redis.StartAgainAsync();
        var second = new List<(long Chat, int MessageId)>();
        foreach (var (chat, _) in asked)
        {
            var help = _api.TextUpdate(chat, "/help");
            await (second.Count % 2 == 0 ? a : b).WaitAsync(r => r.PostAsync(help), HttpStatusCode.OK, TimeSpan.FromSeconds(30));
            second.Add((chat, Id(help)));
        }
        return (asked, second);
    }

    // One question in each of twelve chats, posted alternately to either replica.
    private async Task<List<(long Chat, int MessageId)>> PostQuestionsAsync(ReplicaProcess a, ReplicaProcess b, long firstChat)
    {
        var asked = new List<(long Chat, int MessageId)>();
        foreach (var chat in Enumerable.Range(0, 12).Select(i => firstChat + i))
        {
            var update = _api.TextUpdate(chat, Question);
            Assert.Equal(HttpStatusCode.OK, await (asked.Count % 2 == 0 ? a : b).PostAsync(update));
            asked.Add((chat, Id(update)));
        }
        return asked;
    }

    // Waits until the two replicas read every shard between them, each shard once (the second one's arrival handed over).
    private static async Task WaitSharedAsync(ReplicaProcess a, ReplicaProcess b)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var (one, two) = (Reading(a.Output), Reading(b.Output));
            if (one.Count > 0 && two.Count > 0 && one.Count + two.Count == 16 && one.Union(two).Count() == 16)
                return;
            if (waited.Elapsed > TimeSpan.FromSeconds(30))
                throw new TimeoutException($"The shards were not shared: {string.Join(",", one)} / {string.Join(",", two)}");
            await Task.Delay(50);
        }
    }

    // The shards a replica reads, as its log says.
    private static HashSet<int> Reading(string output)
    {
        var shards = new HashSet<int>();
        foreach (var line in output.Split('\n').Select(l => l.Trim()))
        {
            if (line.StartsWith("Reading shard ", StringComparison.Ordinal) && int.TryParse(line["Reading shard ".Length..], out var started))
                shards.Add(started);
            else if (line.StartsWith("Shard ", StringComparison.Ordinal) && (line.EndsWith(" handed back", StringComparison.Ordinal) || line.Contains("is held by another replica", StringComparison.Ordinal))
                && int.TryParse(line["Shard ".Length..line.IndexOf(' ', "Shard ".Length)], out var stopped))
                shards.Remove(stopped);
        }
        return shards;
    }

    // The dispatcher's queue depth, as /metrics says.
    private static double QueueDepth(string metrics)
    {
        var line = metrics.Split('\n').First(l => l.StartsWith("bot_queue_depth", StringComparison.Ordinal));
        return double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    // Posts one more question and waits for its answer: in one shard, everything before it has had its chance by then.
    private async Task MarkerAnsweredAsync(ReplicaProcess replica, long chat)
    {
        var marker = _api.TextUpdate(chat, "上海交通大学副校长是谁？");
        await replica.WaitAsync(r => r.PostAsync(marker), HttpStatusCode.OK, TimeSpan.FromSeconds(15));
        await WaitAnsweredAsync([Id(marker)], TimeSpan.FromSeconds(30));
    }

    private List<RecordedCall> Replies() => [.. _api.Calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is not null)];

    // Waits until the replica has logged text (a condition, not a pause), bounded.
    private static async Task WaitLogAsync(ReplicaProcess replica, string text, TimeSpan timeout, int count = 1)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Occurrences(replica.Output, text) < count)
        {
            if (waited.Elapsed > timeout)
                throw new TimeoutException($"The replica did not log \"{text}\" {count} time(s):\n{replica.Output}");
            await Task.Delay(50);
        }
    }

    private static int Occurrences(string output, string text)
    {
        var count = 0;
        for (var at = output.IndexOf(text, StringComparison.Ordinal); at >= 0; at = output.IndexOf(text, at + text.Length, StringComparison.Ordinal))
            count++;
        return count;
    }

    // Waits until every question has a reply; a failure names the questions without one.
    private async Task WaitAnsweredAsync(IEnumerable<int> messageIds, TimeSpan timeout)
    {
        var ids = messageIds.ToList();
        try
        {
            await _api.WaitForAsync(c => ids.All(Answered(c).ContainsKey), timeout);
        }
        catch (TimeoutException)
        {
            var answered = Answered(_api.Calls);
            throw new TimeoutException($"No reply to messages {string.Join(",", ids.Where(i => !answered.ContainsKey(i)))} after {timeout}");
        }
    }

    private static int Id(JsonObject update) => update["message"]!["message_id"]!.GetValue<int>();

    // The first reply to each question, by the question's message id.
    private static Dictionary<int, RecordedCall> Answered(IReadOnlyList<RecordedCall> calls) =>
        calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is not null).GroupBy(c => c.ReplyTo!.Value).ToDictionary(g => g.Key, g => g.First());
}
