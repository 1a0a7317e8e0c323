using System.Text.Json.Nodes;
using Bot.TestSupport;

namespace Bot.Telegram.Tests.Commands;

public sealed class AskCommandTests
{
    private const long Forum = -5005;
    private const int Topic = 77;

    private static JsonObject InTopic(JsonObject update)
    {
        update["message"]!["message_thread_id"] = Topic;
        update["message"]!["is_topic_message"] = true;
        return update;
    }

    [Fact]
    public async Task QuestionInAForumTopic_IsAnsweredInThatTopic_AndSoIsItsSourceButton_ButAPlainGroupGetsNoThread()
    {
        await using var bot = await TelegramHost.StartAsync();
        var api = bot.Api;
        api.EnqueueUpdate(InTopic(api.TextUpdate(Forum, "/ask 南虹桥签约了多少个项目？", 2002, "supergroup")));
        var buttons = (await api.WaitForCallsAsync("editMessageReplyMarkup", 1))[0].Body["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]!.GetValue<string>();

        var press = new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = "cb-topic", ["chat_instance"] = "ci", ["data"] = buttons,
                ["from"] = new JsonObject { ["id"] = 2002, ["is_bot"] = false, ["first_name"] = "User" },
                ["message"] = new JsonObject
                {
                    ["message_id"] = 60_000, ["date"] = 1_704_067_200, ["message_thread_id"] = Topic, ["is_topic_message"] = true, ["text"] = "answer",
                    ["chat"] = new JsonObject { ["id"] = Forum, ["type"] = "supergroup", ["title"] = "Forum", ["is_forum"] = true },
                    ["from"] = new JsonObject { ["id"] = FakeBotApiServer.BotId, ["is_bot"] = true, ["first_name"] = "News" },
                },
            },
        };
        api.EnqueueUpdate(press);
        await api.WaitForCallsAsync("answerCallbackQuery", 1);
        api.EnqueueText(-6006, "/help", 2002, "group");
        await api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ChatId == -6006));

        var toForum = api.SentMessages(Forum);
        Assert.Equal(2, toForum.Count);
        Assert.All(toForum, m => Assert.Equal(Topic, m.Body["message_thread_id"]?.GetValue<int>()));
        Assert.Null(api.SentMessages(-6006).Single().Body["message_thread_id"]);
    }

    [Fact]
    public async Task QuestionSentAsAReplyToAMessage_TakesThatMessagesTextAsContext()
    {
        await using var bot = await TelegramHost.StartAsync();
        var api = bot.Api;
        var update = api.TextUpdate(2002, "它排第几？", 2002);
        update["message"]!["reply_to_message"] = new JsonObject
        {
            ["message_id"] = 5, ["date"] = 1_704_067_100, ["text"] = "金山区保障性租赁住房供应完成进度",
            ["chat"] = new JsonObject { ["id"] = 2002, ["type"] = "private", ["first_name"] = "User" },
            ["from"] = new JsonObject { ["id"] = 3003, ["is_bot"] = false, ["first_name"] = "Other" },
        };
        api.EnqueueUpdate(update);
        var withContext = (await api.WaitForCallsAsync("sendMessage", 1))[0];
        api.EnqueueText(2003, "它排第几？");
        var without = (await api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ChatId == 2003))).Single(x => x.Method == "sendMessage" && x.ChatId == 2003);

        Assert.Contains("全市第二", withContext.Text);
        Assert.DoesNotContain("全市第二", without.Text);
    }
}
