using Bot.TestSupport;

namespace Bot.Telegram.Tests.Newsroom;

public sealed class PushTests : IDisposable
{
    private const long Chat = 100;
    private const long Admin = 7;
    private readonly TempFolder _knowledge = new();
    private readonly TempFolder _state = new();

    public PushTests() => SyntheticNews.WriteThreeStories(_knowledge);

    public void Dispose()
    {
        _knowledge.Dispose();
        _state.Dispose();
    }

    private Task<TelegramHost> StartAsync() => TelegramHost.StartAsync(_knowledge.Path, new Dictionary<string, string?>
    {
        ["Subscriptions:Path"] = Path.Combine(_state.Path, "newsroom.db"),
        ["Knowledge:DebounceMilliseconds"] = "50",
        ["Telegram:AdminUserIds:0"] = Admin.ToString(System.Globalization.CultureInfo.InvariantCulture),
    });

    private static IEnumerable<string> Pushes(TelegramHost host, long chat) =>
        host.Api.SentMessages(chat).Where(m => m.ReplyTo is null).Select(m => m.Text);

    private static string Jsonl(string id, string title, string text) =>
        System.Text.Json.JsonSerializer.Serialize(new { id, title, date = "2024-01-09", text }) + "\n";

    [Fact]
    public async Task MatchingArticle_ByFileAndByUpload_IsPushedOnceEach_ANonMatchingOneNot_AndARestartPushesNothingTwice()
    {
        await using (var host = await StartAsync())
        {
            await host.SettledAsync();
            Assert.Contains("华为", await host.CommandAsync(Chat, "/subscribe 华为"));

            await host.IndexedAsync("panda2", () => _knowledge.Write("panda2.jsonl", Jsonl("panda2", "熊猫馆新开放", "熊猫馆今天重新开放。")));
            await host.IndexedAsync("huawei2", () => _knowledge.Write("huawei2.jsonl", Jsonl("huawei2", "华为发布新款手机", "华为今天在上海发布了新款手机。新机将于下周上市。")));
            await host.Api.WaitForAsync(_ => Pushes(host, Chat).Any(t => t.Contains("华为发布新款手机")), NewsroomHost.Bound);

            host.Api.EnqueueDocument(Admin, "upload.txt", System.Text.Encoding.UTF8.GetBytes("华为开设新门店\n\n华为在南京路开设了新门店。"));
            await host.Api.WaitForAsync(_ => Pushes(host, Chat).Any(t => t.Contains("华为开设新门店")), NewsroomHost.Bound);
            // Stopped once the pushes are acknowledged: a push Telegram took but whose note was not yet taken off when the
            // process stops is the one in flight that may be repeated (README), not what this test is about.
            await NewsroomHost.UntilAsync(async () => (await host.Store().PendingAsync()).Count == 0);

            var pushes = Pushes(host, Chat).ToList();
            Assert.Equal(2, pushes.Count);
            Assert.Contains("华为今天在上海发布了新款手机。", pushes[0]);
            Assert.Contains("2024-01-09", pushes[0]);
            Assert.DoesNotContain(pushes, p => p.Contains("熊猫"));
            var button = host.Api.SentMessages(Chat).First(m => m.Text.Contains("华为发布新款手机")).Body["reply_markup"]!["inline_keyboard"]![0]![0]!;
            Assert.StartsWith("p:", button["callback_data"]!.GetValue<string>());
        }

        await using (var again = await StartAsync())
        {
            await again.SettledAsync();
            await again.IndexedAsync("huawei3", () => _knowledge.Write("huawei3.jsonl", Jsonl("huawei3", "华为新园区开工", "华为新园区今天开工。")));
            await again.Api.WaitForAsync(_ => Pushes(again, Chat).Any(t => t.Contains("华为新园区开工")), NewsroomHost.Bound);
            await NewsroomHost.UntilAsync(async () => (await again.Store().PendingAsync()).Count == 0);

            Assert.Single(Pushes(again, Chat));
        }
    }

    [Fact]
    public async Task Burst_Of500MatchingArticles_IsOneMessagePerChat()
    {
        await using var host = await StartAsync();
        await host.SettledAsync();
        await host.CommandAsync(Chat, "/subscribe 华为");
        await host.CommandAsync(Chat + 1, "/subscribe 华为");

        var lines = string.Concat(Enumerable.Range(1, 500).Select(i => Jsonl($"b{i}", $"华为消息第{i}号", $"华为今天发布第{i}号消息。")));
        await host.IndexedAsync("b500", () => _knowledge.Write("burst.jsonl", lines));
        await NewsroomHost.UntilAsync(async () => (await host.Store().PendingAsync()).Count == 0);

        foreach (var chat in new[] { Chat, Chat + 1 })
        {
            var message = Assert.Single(Pushes(host, chat));
            Assert.Contains("500", message);
            Assert.Contains("更多：480 篇", message);
        }
    }

    [Fact]
    public async Task ChatThatBlockedTheBot_IsUnsubscribed()
    {
        await using var host = await StartAsync();
        await host.SettledAsync();
        await host.CommandAsync(Chat, "/subscribe 华为");
        host.Api.FailNext("sendMessage", 403);

        await host.IndexedAsync("huawei2", () => _knowledge.Write("huawei2.jsonl", Jsonl("huawei2", "华为发布新款手机", "华为今天发布了新款手机。")));

        await NewsroomHost.UntilAsync(async () => (await host.Store().SubscriptionsAsync(Chat)).Count == 0);
        Assert.Empty(await host.Store().PendingAsync());
    }

    [Fact]
    public async Task InAGroup_OnlyAdminsSubscribe_AndTheLimitHolds()
    {
        await using var host = await TelegramHost.StartAsync(_knowledge.Path, new Dictionary<string, string?>
        {
            ["Telegram:AdminUserIds:0"] = Admin.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Subscriptions:MaxPerChat"] = "1",
        });
        await host.SettledAsync();

        Assert.Contains("管理员", await host.CommandAsync(-5, "/subscribe 华为", userId: 11, chatType: "group"));
        Assert.Contains("已订阅", await host.CommandAsync(-5, "/subscribe 华为", userId: Admin, chatType: "group"));
        Assert.Contains("最多 1 个", await host.CommandAsync(-5, "/subscribe 熊猫", userId: Admin, chatType: "group"));
        Assert.Contains("华为", await host.CommandAsync(-5, "/subscriptions", userId: 11, chatType: "group"));
        Assert.Contains("已取消", await host.CommandAsync(-5, "/unsubscribe 华为", userId: Admin, chatType: "group"));
        Assert.Contains("还没有订阅", await host.CommandAsync(-5, "/subscriptions", userId: 11, chatType: "group"));
    }
}
