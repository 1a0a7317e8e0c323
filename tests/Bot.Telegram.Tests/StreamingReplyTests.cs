using Bot.TestSupport;

namespace Bot.Telegram.Tests;

public sealed class StreamingReplyTests
{
    [Fact]
    public async Task LlmAnswer_AppearsProgressivelyAndEndsWithTheFullAnswerAndSources()
    {
        await using var llm = await FakeOpenAiServer.StartAsync();
        const string reply = "华为青浦研发中心已基本建成[1]，并且连续六年签下进博会上海交易团的首单[1]。";
        llm.Reply(reply);
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Endpoint"] = llm.Endpoint,
            ["Llm:Model"] = "test-model",
        });
        var questionId = bot.Api.EnqueueText(1001, "华为青浦研发中心建得怎么样了？");

        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Text.Contains("[1] 《")));

        var answerCalls = calls.Where(c => c.Method is "sendMessage" or "editMessageText").ToList();
        Assert.Equal("sendMessage", answerCalls[0].Method);
        Assert.Equal(questionId, answerCalls[0].ReplyTo);
        Assert.EndsWith(" …", answerCalls[0].Text);
        var last = answerCalls[^1];
        Assert.Equal("editMessageText", last.Method);
        Assert.StartsWith(reply, last.Text);
        Assert.Contains("[1] 《把贯彻落实", last.Text);
        Assert.Single(answerCalls, c => c.Method == "sendMessage");
        Assert.True(llm.Requests[0]["stream"]!.GetValue<bool>());
    }
}
