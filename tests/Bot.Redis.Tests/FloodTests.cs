using System.Net;
using Bot.TestSupport;

namespace Bot.Redis.Tests;

/// <summary>One user flooding a replica (webhook mode, Redis) while Telegram answers 429 to that user's chat.</summary>
public sealed class FloodTests : RedisTest
{
    private FakeBotApiServer _api = null!;

    protected override async Task StartAsync() => _api = await FakeBotApiServer.StartAsync();

    protected override ValueTask StopAsync() => _api.DisposeAsync();

    [RedisFact]
    public async Task UserSending200MessagesAtOnce_OthersAreStillAnswered_AndTheFlooderIsRefusedOnce()
    {
        const long flooder = 9500;
        var settings = new Dictionary<string, string> { ["State__MaxInFlight"] = "16" };
        await using var a = await ReplicaProcess.StartAsync(_api.BaseUrl, Redis.Configuration, Prefix, settings);
        // Telegram limits the flooder's chat: every message to it draws a 429 with five seconds to wait.
        _api.RateLimitChat(flooder, retryAfter: 5);

        await Task.WhenAll(Enumerable.Range(0, 200).Select(async _ =>
            Assert.Equal(HttpStatusCode.OK, await a.PostAsync(_api.TextUpdate(flooder, "华为青浦研发中心建得怎么样了？")))));
        var others = new List<int>();
        foreach (var chat in Enumerable.Range(9501, 20))
        {
            var update = _api.TextUpdate(chat, "上海交通大学副校长是谁？");
            Assert.Equal(HttpStatusCode.OK, await a.PostAsync(update));
            others.Add(update["message"]!["message_id"]!.GetValue<int>());
        }

        // Each other user is answered while the flooder's chat waits out its 429s (each held a slot until given up before).
        const string refusal = "问得有点快了，请稍等一会儿再问。";
        await _api.WaitForAsync(c => others.All(id => c.Any(x => x.Method == "sendMessage" && x.ReplyTo == id))
            && c.Any(x => x.ChatId == flooder && x.Text == refusal), TimeSpan.FromSeconds(30));
        var toFlooder = _api.SentMessages(flooder);
        Assert.InRange(toFlooder.Count(c => c.Text == refusal), 1, 3);
        // What goes to the limited chat waits for its turn: a few tries, not one per message.
        Assert.InRange(toFlooder.Count, 1, 20);
    }
}
