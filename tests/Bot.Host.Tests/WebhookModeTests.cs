using System.Net;
using System.Text;

namespace Bot.Host.Tests;

/// <summary>Webhook mode in one process (no State:Redis): the in-process queue, through the real host and client.</summary>
public sealed class WebhookModeTests
{
    private const string Secret = "one-process-secret";

    [Fact]
    public async Task OneProcess_AnswersPostedUpdates_OnceEach_AndRegistersTheWebhook()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Urls"] = "http://127.0.0.1:0",
            ["Telegram:Mode"] = "webhook",
            ["Telegram:WebhookUrl"] = "https://bot.example.org/hook/update",
            ["Telegram:WebhookSecret"] = Secret,
        });
        using var http = new HttpClient { BaseAddress = bot.Address };
        await bot.Api.WaitForCallsAsync("setWebhook", 1);

        async Task<HttpStatusCode> PostAsync(string json, string? secret = Secret)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/hook/update") { Content = new StringContent(json, Encoding.UTF8, "application/json") };
            if (secret is not null)
                request.Headers.Add("X-Telegram-Bot-Api-Secret-Token", secret);
            return (await http.SendAsync(request)).StatusCode;
        }

        var update = bot.Api.TextUpdate(6001, "华为青浦研发中心建得怎么样了？");
        var id = update["message"]!["message_id"]!.GetValue<int>();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(update.ToJsonString()));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(update.ToJsonString()));
        Assert.Equal(HttpStatusCode.Unauthorized, await PostAsync(bot.Api.TextUpdate(6002, "上海交通大学副校长是谁？").ToJsonString(), "nope"));
        // With the secret but a shape the client library cannot read: taken (else Telegram sends it for ever), and skipped.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(""" {"update_id":990,"message":{"message_id":"x","chat":7}} """.Trim()));
        var marker = bot.Api.TextUpdate(6001, "上海交通大学副校长是谁？");
        Assert.Equal(HttpStatusCode.OK, await PostAsync(marker.ToJsonString()));
        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.ReplyTo == marker["message"]!["message_id"]!.GetValue<int>()));

        Assert.Single(calls, c => c.Method == "sendMessage" && c.ReplyTo == id);
        Assert.Contains("华为", calls.First(c => c.ReplyTo == id).Text);
        Assert.DoesNotContain(calls, c => c.ChatId == 6002);
        var registration = Assert.Single(calls, c => c.Method == "setWebhook");
        Assert.Equal(Secret, registration.Body["secret_token"]!.GetValue<string>());
        Assert.Empty(bot.Api.PollTimeouts);
    }
}
