using System.Text;
using System.Text.Json.Nodes;
using Bot.Core.Feedback;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram.Tests;

public sealed class AnswerButtonsTests
{
    private const long Alice = 1001;
    private const long Bob = 1002;

    private static async Task<(RecordedCall Markup, JsonArray Rows)> AskAsync(TelegramHost bot)
    {
        bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");
        var markup = (await bot.Api.WaitForCallsAsync("editMessageReplyMarkup", 1))[0];
        return (markup, markup.Body["reply_markup"]!["inline_keyboard"]!.AsArray());
    }

    private static string Data(JsonArray rows, int row, int column) => rows[row]![column]!["callback_data"]!.GetValue<string>();

    [Fact]
    public async Task Answer_CarriesOneButtonPerSource_AndARatingRow()
    {
        await using var bot = await TelegramHost.StartAsync();

        var (markup, rows) = await AskAsync(bot);

        var answer = bot.Api.SentMessages(Alice).Single();
        Assert.Equal(answer.Body["chat_id"]!.GetValue<long>(), markup.Body["chat_id"]!.GetValue<long>());
        Assert.Equal(["[1]", "[2]", "[3]"], rows[0]!.AsArray().Select(b => b!["text"]!.GetValue<string>()));
        Assert.Equal(["👍", "👎"], rows[1]!.AsArray().Select(b => b!["text"]!.GetValue<string>()));
        Assert.All(rows.SelectMany(r => r!.AsArray()), b => Assert.InRange(Encoding.UTF8.GetByteCount(b!["callback_data"]!.GetValue<string>()), 1, 64));
    }

    [Fact]
    public async Task SourceButton_RepliesWithThePassage_ItsDateAndFile()
    {
        await using var bot = await TelegramHost.StartAsync();
        var (markup, rows) = await AskAsync(bot);

        bot.Api.EnqueueCallback(Alice, Alice, markup.Body["message_id"]!.GetValue<int>(), Data(rows, 0, 0), markup.Body["reply_markup"]);

        var sent = await bot.Api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage") >= 2 && c.Any(x => x.Method == "answerCallbackQuery"));
        var passage = sent.Where(c => c.Method == "sendMessage").Last().Text;
        Assert.StartsWith("《把贯彻落实习近平总书记考察上海重要讲话精神", passage);
        Assert.Contains("2024-01", passage);
        Assert.Contains("xinmin-2024-01-page.txt", passage);
        Assert.Contains("华为青浦研发中心基本建成", passage);
    }

    [Fact]
    public async Task Rating_IsRecordedOncePerUser_AndTheRowSaysThanks()
    {
        await using var bot = await TelegramHost.StartAsync();
        var (markup, rows) = await AskAsync(bot);
        var messageId = markup.Body["message_id"]!.GetValue<int>();

        bot.Api.EnqueueCallback(Alice, Alice, messageId, Data(rows, 1, 0), markup.Body["reply_markup"], id: "cb-1");
        var calls = await bot.Api.WaitForCallsAsync("answerCallbackQuery", 1);
        bot.Api.EnqueueCallback(Alice, Alice, messageId, Data(rows, 1, 1), markup.Body["reply_markup"], id: "cb-2");
        calls = await bot.Api.WaitForCallsAsync("answerCallbackQuery", 2);

        Assert.Equal("谢谢！已记下。", calls[0].Body["text"]!.GetValue<string>());
        Assert.Equal("你已经评价过这个回答了。", calls[1].Body["text"]!.GetValue<string>());
        var thanks = bot.Api.Calls.Where(c => c.Method == "editMessageReplyMarkup").Last().Body["reply_markup"]!["inline_keyboard"]!.AsArray();
        Assert.Equal("[1]", thanks[0]![0]!["text"]!.GetValue<string>());
        Assert.Equal("🙏 谢谢评价", thanks[^1]![0]!["text"]!.GetValue<string>());
        var summary = bot.Host.Services.GetRequiredService<FeedbackStore>().Summarize();
        Assert.Equal((1, 0), (summary.Up, summary.Down));
    }

    [Theory]
    [InlineData("x:evil")]
    [InlineData("r:1:99999")]
    [InlineData("p:0000000000000000:0")]
    [InlineData("")]
    public async Task ForgedOrStaleButton_SaysItNoLongerWorks_AndTheBotGoesOn(string data)
    {
        await using var bot = await TelegramHost.StartAsync();

        bot.Api.EnqueueCallback(Bob, Bob, 5, data);
        var call = (await bot.Api.WaitForCallsAsync("answerCallbackQuery", 1))[0];
        bot.Api.EnqueueText(Bob, "华为青浦研发中心建得怎么样了？");
        var answer = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Text.Contains("基本建成")));

        Assert.Equal("这个按钮已失效。", call.Body["text"]!.GetValue<string>());
        Assert.NotNull(answer);
    }

    [Fact]
    public async Task FeedbackCommand_ForAdmins_SummarisesTheRatings()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Alice.ToString(), ["Telegram:KeepQuestions"] = "true" });
        var (markup, rows) = await AskAsync(bot);
        bot.Api.EnqueueCallback(Alice, Alice, markup.Body["message_id"]!.GetValue<int>(), Data(rows, 1, 1), markup.Body["reply_markup"]);
        await bot.Api.WaitForCallsAsync("answerCallbackQuery", 1);

        bot.Api.EnqueueText(Alice, "/feedback");
        bot.Api.EnqueueText(Bob, "/feedback");
        var sent = await bot.Api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage" && x.ChatId == Alice) >= 2 && c.Any(x => x.Method == "sendMessage" && x.ChatId == Bob));

        var summary = sent.Where(c => c.Method == "sendMessage" && c.ChatId == Alice).Last().Text;
        Assert.StartsWith("回答 1 个（未找到 0），👍 0，👎 1。", summary);
        Assert.Contains("1 × 华为青浦研发中心建得怎么样了？", summary);
        Assert.Equal("这个命令只对管理员开放。", sent.Single(c => c.Method == "sendMessage" && c.ChatId == Bob).Text);
    }
}
