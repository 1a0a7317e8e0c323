using System.Net;
using System.Text.Json.Nodes;
using Bot.TestSupport;
using StackExchange.Redis;
using StackExchange.Redis.KeyspaceIsolation;

namespace Bot.Redis.Tests;

/// <summary>
/// Two replicas of the real host, each its own process, in webhook mode behind no balancer (the test posts to either),
/// one real Redis, the real Telegram.Bot client against the fake Bot API.
/// </summary>
public sealed class ReplicaTests : RedisTest
{
    private FakeBotApiServer _api = null!;

    protected override async Task StartAsync() => _api = await FakeBotApiServer.StartAsync();

    protected override ValueTask StopAsync() => _api.DisposeAsync();

    [RedisFact]
    public async Task BurstPostedToBothReplicas_OneKilledMidway_EveryUpdateAnsweredExactlyOnce_InOrderPerChat()
    {
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix);
        await using var b = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix);
        await WaitShardsSharedAsync(replicas: 2);

        string[] questions = ["华为青浦研发中心建得怎么样了？", "上海交通大学副校长是谁？", "明天上海天气怎么样？", "临港新片区有什么新闻？", "本版的责任编辑是谁？"];
        var chats = Enumerable.Range(0, 12).Select(i => 7000L + i).ToArray();
        var asked = new List<(long Chat, int MessageId)>();
        var replicas = new[] { a, b };
        var posted = 0;
        async Task PostRoundAsync(int round)
        {
            foreach (var chat in chats)
            {
                var update = _api.TextUpdate(chat, questions[round % questions.Length]);
                // Alternately to either replica, as a balancer would.
                Assert.Equal(HttpStatusCode.OK, await replicas[posted++ % 2].PostAsync(update));
                asked.Add((chat, update["message"]!["message_id"]!.GetValue<int>()));
            }
        }

        for (var round = 0; round < 3; round++)
            await PostRoundAsync(round);
        await _api.WaitForAsync(calls => Answered(calls).Count >= 12, TimeSpan.FromSeconds(60));
        // From here every answer waits at its first step (the typing notice), so that the killed replica dies with
        // updates taken and not answered, and none half-sent.
        var held = _api.Calls.Count;
        _api.Hold("sendChatAction");
        for (var round = 3; round < 6; round++)
            await PostRoundAsync(round);
        // Every chat has an answer waiting at its typing notice (a chat's answers go one at a time).
        await _api.WaitForAsync(c => chats.All(chat => c.Skip(held).Any(x => x.Method == "sendChatAction" && x.ChatId == chat)), TimeSpan.FromSeconds(60));
        var answeredBeforeKill = Answered(_api.Calls).Count;
        await a.KillAsync();
        _api.Release("sendChatAction");

        await WaitAnsweredAsync(asked.Select(q => q.MessageId), TimeSpan.FromSeconds(60));
        await WaitStreamsEmptyAsync();
        var calls = _api.Calls;

        Assert.True(answeredBeforeKill < asked.Count, "the kill came after every answer: it tested nothing");
        var replies = calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is not null).ToList();
        foreach (var (chat, messageId) in asked)
            Assert.Single(replies, r => r.ReplyTo == messageId);
        foreach (var chat in chats)
        {
            var order = replies.Where(r => r.ChatId == chat).Select(r => r.ReplyTo!.Value).ToList();
            Assert.True(asked.Where(q => q.Chat == chat).Select(q => q.MessageId).SequenceEqual(order),
                $"chat {chat}: {string.Join(",", order)}; {string.Join(" | ", replies.Where(r => r.ChatId == chat).Select(r => r.ReplyTo + ":" + r.Text[..Math.Min(20, r.Text.Length)]))}");
        }
    }

    [RedisFact]
    public async Task ReplicaKilledAfterTelegramTookItsReplies_TheReplicaTakingOverDoesNotAnswerThemAgain()
    {
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix);
        await using var b = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix);
        await WaitShardsSharedAsync(replicas: 2);
        // Every answer's reply reaches Telegram, then its buttons wait: a kill now finds replies sent and not acknowledged.
        _api.Hold("editMessageReplyMarkup");
        var chats = Enumerable.Range(0, 8).Select(i => 7100L + i).ToArray();
        var asked = new List<(long Chat, int MessageId)>();
        foreach (var question in new[] { "华为青浦研发中心建得怎么样了？", "上海交通大学副校长是谁？" })
        {
            foreach (var chat in chats)
            {
                var update = _api.TextUpdate(chat, question);
                Assert.Equal(HttpStatusCode.OK, await (asked.Count % 2 == 0 ? a : b).PostAsync(update));
                asked.Add((chat, Id(update)));
            }
        }
        await _api.WaitForAsync(c => chats.All(chat => c.Any(x => x.Method == "sendMessage" && x.ChatId == chat)), TimeSpan.FromSeconds(30));
        await _api.WaitForAsync(c => chats.All(chat => c.Any(x => x.Method == "editMessageReplyMarkup" && x.ChatId == chat)), TimeSpan.FromSeconds(30));
        await a.KillAsync();
        _api.Release("editMessageReplyMarkup");

        await WaitAnsweredAsync(asked.Select(q => q.MessageId), TimeSpan.FromSeconds(60));
        await WaitStreamsEmptyAsync();

        var replies = _api.Calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is not null).ToList();
        foreach (var (chat, messageId) in asked)
            Assert.Single(replies, r => r.ReplyTo == messageId);
    }

    [RedisFact]
    public async Task Sigterm_WithAnswersStuck_ExitsWithinItsShutdownTimeout_AndTheOtherReplicaAnswersWhatItHandedBack()
    {
        var quick = new Dictionary<string, string> { ["HostOptions__ShutdownTimeout"] = "00:00:03" };
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix, quick);
        await using var b = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix, quick);
        await WaitShardsSharedAsync(replicas: 2);
        _api.Hold("sendChatAction");
        var asked = new List<int>();
        var chats = Enumerable.Range(0, 8).Select(i => 7200L + i).ToArray();
        foreach (var chat in chats)
        {
            var update = _api.TextUpdate(chat, "华为青浦研发中心建得怎么样了？");
            Assert.Equal(HttpStatusCode.OK, await a.PostAsync(update));
            asked.Add(Id(update));
        }
        await _api.WaitForAsync(c => chats.All(chat => c.Any(x => x.Method == "sendChatAction" && x.ChatId == chat)), TimeSpan.FromSeconds(30));

        // The answers stay stuck until the replica is gone: it can only exit because its shutdown time ran out.
        await a.TerminateAsync(TimeSpan.FromSeconds(60));
        var answeredWhileStuck = Answered(_api.Calls).Count;
        _api.Release("sendChatAction");
        await WaitAnsweredAsync(asked, TimeSpan.FromSeconds(60));
        await WaitStreamsEmptyAsync();

        Assert.True(a.HasExited);
        Assert.Equal(0, answeredWhileStuck);
        var replies = _api.Calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is not null).ToList();
        Assert.All(asked, id => Assert.Single(replies, r => r.ReplyTo == id));
    }

    [RedisFact]
    public async Task FollowUp_AnsweredByTheOtherReplica_AfterTheFirstStops_LeansOnTheSharedConversation()
    {
        // A shutdown time far beyond the wait for the exit below: the replica exits because nothing is left, not because time ran out.
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix, new Dictionary<string, string> { ["HostOptions__ShutdownTimeout"] = "00:10:00" });
        await using var b = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix);
        const long chat = 8100;

        var first = _api.TextUpdate(chat, "上海交通大学副校长是谁？");
        Assert.Equal(HttpStatusCode.OK, await a.PostAsync(first));
        await _api.WaitForAsync(c => Answered(c).ContainsKey(Id(first)), TimeSpan.FromSeconds(30));

        // A rolling deploy: the first replica is stopped as systemd or Kubernetes would; the other answers from then on.
        await a.TerminateAsync(TimeSpan.FromSeconds(60));
        var followUp = _api.TextUpdate(chat, "他介绍了哪个学院？");
        Assert.Equal(HttpStatusCode.OK, await b.PostAsync(followUp));
        var calls = await _api.WaitForAsync(c => Answered(c).ContainsKey(Id(followUp)), TimeSpan.FromSeconds(30));

        Assert.Equal(0, a.ExitCode);
        Assert.Contains("上海高级金融学院", Answered(calls)[Id(followUp)].Text);
        // Both registered the webhook with the secret and the update kinds; neither deleted it on the way out.
        var registrations = calls.Where(c => c.Method == "setWebhook").ToList();
        Assert.Equal(2, registrations.Count);
        Assert.All(registrations, r =>
        {
            Assert.Equal("https://bot.example.org" + ReplicaProcess.WebhookPath, r.Body["url"]!.GetValue<string>());
            Assert.Equal(ReplicaProcess.Secret, r.Body["secret_token"]!.GetValue<string>());
            Assert.Contains("callback_query", r.Body["allowed_updates"]!.AsArray().Select(u => u!.GetValue<string>()));
        });
        Assert.DoesNotContain(calls, c => c.Method == "deleteWebhook");
    }

    [RedisFact]
    public async Task DuplicateUpdateId_ToEitherReplica_IsAnsweredOnce_AndAWrongSecretIsRefusedUnread()
    {
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix);
        await using var b = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix);

        var update = _api.TextUpdate(8200, "华为青浦研发中心建得怎么样了？");
        Assert.Equal(HttpStatusCode.OK, await a.PostAsync(update));
        Assert.Equal(HttpStatusCode.OK, await b.PostAsync(update));
        Assert.Equal(HttpStatusCode.OK, await a.PostAsync(update));
        var forged = _api.TextUpdate(8201, "华为青浦研发中心建得怎么样了？");
        Assert.Equal(HttpStatusCode.Unauthorized, await a.PostAsync(forged, secret: "wrong-secret"));
        Assert.Equal(HttpStatusCode.Unauthorized, await b.PostAsync(forged, secret: null));
        // A marker update after them, on the same replicas: once it is answered, the others have had their chance.
        var marker = _api.TextUpdate(8200, "上海交通大学副校长是谁？");
        Assert.Equal(HttpStatusCode.OK, await b.PostAsync(marker));
        await _api.WaitForAsync(c => Answered(c).ContainsKey(Id(marker)), TimeSpan.FromSeconds(30));
        await WaitStreamsEmptyAsync();
        var calls = _api.Calls;

        Assert.Single(calls, c => c.Method == "sendMessage" && c.ReplyTo == Id(update));
        Assert.DoesNotContain(calls, c => c.ChatId == 8201);
    }

    [RedisFact]
    public async Task Readyz_Is503WhileRedisIsDown_And200AfterItReturns_AndTheEndpointsServeMetrics()
    {
        // A Redis of this test's own, to stop and start.
        await using var redis = await RedisServer.StartAsync();
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, redis.Configuration, Prefix);
        var update = _api.TextUpdate(8300, "华为青浦研发中心建得怎么样了？");
        Assert.Equal(HttpStatusCode.OK, await a.PostAsync(update));
        await _api.WaitForAsync(c => Answered(c).ContainsKey(Id(update)), TimeSpan.FromSeconds(30));

        await redis.StopAsync();
        await a.WaitAsync(r => r.GetStatusAsync("/readyz"), HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(15));
        Assert.Equal(HttpStatusCode.OK, await a.GetStatusAsync("/healthz"));
        // Nothing can be queued: Telegram is told to deliver it again later.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await a.PostAsync(_api.TextUpdate(8300, "上海交通大学副校长是谁？")));
        await redis.StartAgainAsync();
        await a.WaitAsync(r => r.GetStatusAsync("/readyz"), HttpStatusCode.OK, TimeSpan.FromSeconds(30));

        var again = _api.TextUpdate(8301, "上海交通大学副校长是谁？");
        Assert.Equal(HttpStatusCode.OK, await a.PostAsync(again));
        await _api.WaitForAsync(c => Answered(c).ContainsKey(Id(again)), TimeSpan.FromSeconds(30));
        var metrics = await a.GetTextAsync("/metrics");
        Assert.Contains("bot_questions_total", metrics);
        Assert.Contains("bot_answered_total", metrics);
        Assert.Contains("bot_answer_duration_seconds_bucket", metrics);
        Assert.Contains("bot_articles", metrics);
        Assert.Contains("bot_queue_depth", metrics);
        Assert.Contains("bot_queue_backlog", metrics);
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

    [RedisFact]
    public async Task KnowledgeChangedOnTheSharedFolder_ReachesEveryReplica_Within30Seconds()
    {
        // One folder both replicas read, as a mounted volume; file events are off, as on NFS, so the look must see it.
        using var knowledge = new TempFolder();
        File.Copy(RepoPaths.SeedPage, Path.Combine(knowledge.Path, Path.GetFileName(RepoPaths.SeedPage)));
        var settings = new Dictionary<string, string>
        {
            ["Knowledge__Path"] = knowledge.Path,
            ["Knowledge__Watch"] = "false",
            ["Knowledge__RescanSeconds"] = "5",
        };
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix, settings);
        await using var b = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix, settings);
        var before = await ArticlesAsync(a);
        Assert.Equal(before, await ArticlesAsync(b));

        knowledge.Write("new-2024-01-05.txt", "临港新片区发布新政\n本报讯\n临港新片区今天发布了支持人工智能企业的新政策。");
        await WaitUntilAsync(async () => await ArticlesAsync(a) == before + 1 && await ArticlesAsync(b) == before + 1, TimeSpan.FromSeconds(60));

        Assert.Equal(before + 1, await ArticlesAsync(a));
        Assert.Equal(before + 1, await ArticlesAsync(b));
    }

    [RedisFact]
    public async Task RedisAwayAtStart_TheReplicaRunsNotReady_AndAnswersOnceRedisComes()
    {
        await using var redis = await RedisServer.StartAsync();
        await redis.StopAsync();
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, redis.Configuration, Prefix, waitReady: false);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, await a.GetStatusAsync("/readyz"));

        await redis.StartAgainAsync();
        await a.WaitAsync(r => r.GetStatusAsync("/readyz"), HttpStatusCode.OK, TimeSpan.FromSeconds(30));
        var update = _api.TextUpdate(8400, "华为青浦研发中心建得怎么样了？");
        await a.WaitAsync(r => r.PostAsync(update), HttpStatusCode.OK, TimeSpan.FromSeconds(10));

        await WaitAnsweredAsync([Id(update)], TimeSpan.FromSeconds(30));
        Assert.False(a.HasExited);
    }

    [Fact]
    public async Task WebhookWithoutRedis_SaysAtStartThatItMustRunAlone()
    {
        await using var api = await FakeBotApiServer.StartAsync();
        await using var alone = await ReplicaProcess.StartAsync(api.BaseUrl, redis: null, "alone:");

        Assert.Contains("Webhook mode without State:Redis", alone.Output);
        Assert.Contains("Run one replica only, or set State:Redis for several", alone.Output);
    }

    // Until every shard is leased to the replica that should read it among those alive (their heartbeats, in Redis): from
    // then on the shards are shared between the replicas, and no handover is under way.
    private async Task WaitShardsSharedAsync(int replicas)
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var db = connection.GetDatabase().WithKeyPrefix(Prefix);
        var shards = new StateOptions().Shards;
        await WaitUntilAsync(async () =>
        {
            var alive = (await db.SortedSetRangeByRankAsync("replicas")).Select(r => r.ToString()).ToList();
            if (alive.Count != replicas)
                return false;
            for (var shard = 0; shard < shards; shard++)
            {
                var lease = (string?)await db.StringGetAsync(UpdateStreams.Lease(shard));
                if (lease is null || UpdateStreams.HolderOf(lease) != UpdateStreams.OwnerOf(shard, alive))
                    return false;
            }
            return true;
        }, TimeSpan.FromSeconds(60));
    }

    // Until every shard's stream is empty: an entry is deleted once its answer was sent, so no answer is still to come.
    private async Task WaitStreamsEmptyAsync()
    {
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Redis.Configuration);
        var db = connection.GetDatabase().WithKeyPrefix(Prefix);
        var shards = new StateOptions().Shards;
        await WaitUntilAsync(async () =>
        {
            for (var shard = 0; shard < shards; shard++)
            {
                if (await db.StreamLengthAsync(UpdateStreams.Stream(shard)) > 0)
                    return false;
            }
            return true;
        }, TimeSpan.FromSeconds(60));
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(100));
        while (!await condition())
            await tick.WaitForNextTickAsync(cts.Token);
    }

    // The articles a replica has loaded, as its /metrics says.
    private static async Task<int> ArticlesAsync(ReplicaProcess replica)
    {
        var line = (await replica.GetTextAsync("/metrics")).Split('\n').First(l => l.StartsWith("bot_articles", StringComparison.Ordinal));
        return (int)double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
    }

    private static int Id(JsonObject update) => update["message"]!["message_id"]!.GetValue<int>();

    // The first reply to each question, by the question's message id.
    private static Dictionary<int, RecordedCall> Answered(IReadOnlyList<RecordedCall> calls) =>
        calls.Where(c => c.Method == "sendMessage" && c.ReplyTo is not null).GroupBy(c => c.ReplyTo!.Value).ToDictionary(g => g.Key, g => g.First());
}
