using System.Text.Json.Nodes;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Tests;

public sealed class PollingServiceTests
{
    private const long Alice = 1001;

    [Fact]
    public async Task PrivateQuestion_IsAnsweredAsAReplyCitingTheArticle()
    {
        await using var bot = await TelegramHost.StartAsync();
        var questionId = bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");

        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ChatId == Alice));

        var reply = Assert.Single(calls, c => c.Method == "sendMessage");
        Assert.Contains("基本建成", reply.Text);
        // The answer's sentences, then the marker of the article they come from, then that article with its date.
        Assert.Contains("。[1]\n\n[1] 《把贯彻落实习近平总书记考察上海重要讲话精神 作为今年工作鲜明主题…》 2024-01", reply.Text);
        Assert.Equal(questionId, reply.ReplyTo);
        Assert.Equal("HTML", reply.Body["parse_mode"]!.GetValue<string>().ToUpperInvariant());
        Assert.True(reply.Body["link_preview_options"]!["is_disabled"]!.GetValue<bool>());
        var typing = calls.TakeWhile(c => c.Method != "sendMessage").Single(c => c.Method == "sendChatAction");
        Assert.Equal("typing", typing.Body["action"]!.GetValue<string>());
    }

    [Fact]
    public async Task GroupMessage_IsIgnoredUnlessTheBotIsAddressed()
    {
        const long group = -2002;
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.EnqueueText(group, "华为青浦研发中心建得怎么样了？", userId: Alice, chatType: "supergroup");
        bot.Api.EnqueueText(group, "/stats", userId: Alice, chatType: "supergroup");
        var mentionId = bot.Api.EnqueueText(group, $"@{FakeBotApiServer.BotUsername} 上海交通大学副校长是谁？", userId: Alice, chatType: "supergroup");
        var replyId = bot.Api.EnqueueText(group, "国产首艘大型邮轮交付了吗？", userId: Alice, chatType: "supergroup", replyToBotMessageId: 77);
        var askId = bot.Api.EnqueueText(group, "/ask", userId: Alice, chatType: "supergroup");

        var sent = await bot.Api.WaitForCallsAsync("sendMessage", 4);

        Assert.Equal("这个命令只对管理员开放。", sent[0].Text);
        Assert.Equal(mentionId, sent[1].ReplyTo);
        Assert.Contains("奚立峰", sent[1].Text);
        Assert.Equal(replyId, sent[2].ReplyTo);
        Assert.Contains("正式交付", sent[2].Text);
        Assert.Equal(askId, sent[3].ReplyTo);
        Assert.Contains("/ask", sent[3].Text);
        Assert.DoesNotContain(sent, s => s.Text.Contains("基本建成"));
    }

    [Fact]
    public async Task LongAnswer_IsSplitIntoValidMessagesUnderTheLimit()
    {
        using var folder = new TempFolder();
        var longSentence = "测试长句的内容是" + string.Concat(Enumerable.Repeat("甲乙丙丁戊己庚辛壬癸&<>", 700)) + "。";
        folder.Write("long.txt", "长文标题\n副标题\n" + longSentence + "\n");
        await using var bot = await TelegramHost.StartAsync(folder.Path);
        bot.Api.EnqueueText(Alice, "测试长句的内容是什么？");

        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Text.Contains("[1] 《")));

        var parts = calls.Where(c => c.Method == "sendMessage").Select(c => c.Text).ToList();
        Assert.True(parts.Count >= 2);
        Assert.All(parts, p => Assert.InRange(HtmlText.PlainLength(p), 1, 4096));
        Assert.All(parts, p => Assert.Equal(p.Split("<b>").Length, p.Split("</b>").Length));
        var plain = string.Concat(parts.Select(HtmlText.ToPlain));
        Assert.Contains(longSentence, plain.Replace("\n", ""));
    }

    [Fact]
    public async Task RateLimitedSend_IsRetriedAfterRetryAfter()
    {
        var time = new FakeTimeProvider();
        await using var bot = await TelegramHost.StartAsync(time: time);
        bot.Api.FailNext("sendMessage", 429, retryAfter: 30);
        bot.Api.EnqueueText(Alice, "金山区保障性租赁住房供应完成进度排第几？");
        await bot.Api.WaitForCallsAsync("sendMessage", 1);
        var before = time.GetUtcNow();

        // The retry waits retry_after on the bot's clock: 30 s pass in steps of one.
        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => bot.Api.Calls.Count(c => c.Method == "sendMessage") >= 2);

        var attempts = bot.Api.Calls.Where(c => c.Method == "sendMessage").ToList();
        Assert.Equal(2, attempts.Count);
        Assert.InRange((time.GetUtcNow() - before).TotalSeconds, 30, 40);
        Assert.Equal(attempts[0].Text, attempts[1].Text);
        Assert.Contains("全市第二", attempts[1].Text);
    }

    [Fact]
    public async Task ReplyThroughSeveralFailuresInARow_IsDeliveredWithinTheRetryBudget()
    {
        var time = new FakeTimeProvider();
        await using var bot = await TelegramHost.StartAsync(time: time);
        bot.Api.FailNext("sendMessage", 429, times: 2, retryAfter: 3);
        bot.Api.FailNext("sendMessage", 502, times: 2);
        var question = bot.Api.EnqueueText(Alice, "金山区保障性租赁住房供应完成进度排第几？");

        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => bot.Api.CompletedSends >= 1);

        var attempts = bot.Api.Calls.Where(c => c.Method == "sendMessage").ToList();
        Assert.Equal(5, attempts.Count);
        Assert.All(attempts, a => Assert.Equal(question, a.ReplyTo));
        Assert.Contains("全市第二", attempts[^1].Text);
    }

    [Fact]
    public async Task ReplyFailingLongerThanTheBudget_IsGivenUp()
    {
        var time = new FakeTimeProvider();
        await using var bot = await TelegramHost.StartAsync(time: time, settings: new Dictionary<string, string?> { ["Telegram:SendRetrySeconds"] = "20" });
        bot.Api.FailNext("sendMessage", 502, times: 100);
        bot.Api.EnqueueText(Alice, "金山区保障性租赁住房供应完成进度排第几？");
        await bot.Api.WaitForCallsAsync("sendMessage", 1);

        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => time.GetUtcNow() - time.Start > TimeSpan.FromSeconds(60));

        var attempts = bot.Api.Calls.Count(c => c.Method == "sendMessage");
        Assert.InRange(attempts, 3, 10);
        Assert.Equal(0, bot.Api.CompletedSends);
    }

    [Fact]
    public async Task ServerErrorsAndBlockedChats_AreSurvived()
    {
        const long blocked = 3003;
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.FailNext("getUpdates", 502, times: 2);
        bot.Api.FailNext("sendMessage", 403);
        bot.Api.EnqueueText(blocked, "华为青浦研发中心建得怎么样了？");
        bot.Api.FailNext("sendChatAction", 500);
        bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");

        // Chats are answered concurrently: wait for both.
        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ChatId == Alice) && c.Any(x => x.Method == "sendMessage" && x.ChatId == blocked));

        Assert.Single(calls, c => c.Method == "sendMessage" && c.ChatId == blocked);
        Assert.True(calls.Count(c => c.Method == "sendChatAction") >= 3, "the failed chat action was retried");
        Assert.Contains("基本建成", calls.Single(c => c.Method == "sendMessage" && c.ChatId == Alice).Text);
    }

    [Fact]
    public async Task BadUpdates_DoNotStopTheBot()
    {
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.EnqueueUpdate(new JsonObject { ["channel_post"] = new JsonObject { ["message_id"] = 1, ["date"] = 1, ["chat"] = new JsonObject { ["id"] = -5, ["type"] = "channel" } } });
        bot.Api.EnqueueUpdate(new JsonObject { ["message"] = new JsonObject { ["message_id"] = 2, ["date"] = 1, ["chat"] = new JsonObject { ["id"] = Alice, ["type"] = "private" }, ["text"] = "/" } });
        bot.Api.EnqueueText(Alice, new string('长', 20_000));
        bot.Api.EnqueueSticker(Alice);
        bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");

        // The sticker's refusal is sent beside the chat's queue, so it may come after the answer.
        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.Text.Contains("基本建成"))
            && c.Any(x => x.Method == "sendMessage" && x.Text.Contains("我只能回答文字问题")));

        var sent = calls.Where(c => c.Method == "sendMessage").Select(c => c.Text).ToList();
        Assert.Contains(sent, t => t.Contains("问题太长了"));
        Assert.Single(sent, t => t.Contains("我只能回答文字问题"));
    }

    [Theory]
    [InlineData("date")]
    [InlineData("message_id")]
    public async Task UpdateTheLibraryCannotRead_IsSkipped_TheOthersOfItsBatchAreAnswered(string field)
    {
        var poison = new JsonObject { ["message_id"] = 9, ["date"] = 1, ["chat"] = new JsonObject { ["id"] = Alice, ["type"] = "private" }, ["text"] = "毒" };
        poison[field] = "notanumber";
        int before = 0, after = 0;
        // Queued before the first poll, so that the three come in one batch, the unreadable one in the middle.
        await using var bot = await TelegramHost.StartAsync(beforeStart: api =>
        {
            before = api.EnqueueText(Alice, "国产首艘大型邮轮交付了吗？");
            api.EnqueueUpdate(new JsonObject { ["message"] = poison });
            after = api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");
        });

        var sent = await bot.Api.WaitForCallsAsync("sendMessage", 2, TimeSpan.FromSeconds(20));

        Assert.Contains("正式交付", sent.Single(c => c.ReplyTo == before).Text);
        Assert.Contains("基本建成", sent.Single(c => c.ReplyTo == after).Text);
    }

    [Fact]
    public async Task ChatOutsideTheAllowList_GetsOneRefusalLine()
    {
        const long stranger = 4004;
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Telegram:AllowedChatIds:0"] = Alice.ToString() });
        bot.Api.EnqueueText(stranger, "华为青浦研发中心建得怎么样了？");
        bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");

        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ChatId == Alice) && c.Any(x => x.ChatId == stranger));

        var refusal = Assert.Single(calls, c => c.ChatId == stranger);
        Assert.Equal("sendMessage", refusal.Method);
        Assert.DoesNotContain("\n", refusal.Text);
        Assert.DoesNotContain("基本建成", refusal.Text);
        Assert.Contains("基本建成", Assert.Single(calls, c => c.Method == "sendMessage" && c.ChatId == Alice).Text);
    }

    [Fact]
    public async Task QuestionsOverTheRateLimit_GetAPoliteReply()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Telegram:MaxQuestionsPerMinute"] = "2" });
        var first = bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");
        var second = bot.Api.EnqueueText(Alice, "国产首艘大型邮轮交付了吗？");
        var third = bot.Api.EnqueueText(Alice, "上海交通大学副校长是谁？");

        // The refusal is sent beside the chat's queue, so it may come before the answers.
        var sent = await bot.Api.WaitForCallsAsync("sendMessage", 3);

        Assert.Contains("基本建成", sent.Single(c => c.ReplyTo == first).Text);
        Assert.Contains("正式交付", sent.Single(c => c.ReplyTo == second).Text);
        var refusal = sent.Single(c => c.ReplyTo == third).Text;
        Assert.Contains("请稍等", refusal);
        Assert.DoesNotContain("奚立峰", refusal);
    }

    [Fact]
    public async Task Shutdown_FinishesTheAnswerInFlight()
    {
        var bot = await TelegramHost.StartAsync();
        try
        {
            bot.Api.SendDelay = TimeSpan.FromSeconds(1);
            bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");
            await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage"));

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(20));
            await bot.Host.StopAsync(cts.Token);

            Assert.Equal(1, bot.Api.CompletedSends);
        }
        finally
        {
            bot.Host.Dispose();
            await bot.Api.DisposeAsync();
        }
    }

    [Fact]
    public async Task LongPoll_WaitsTheConfiguredTimeAndSurvivesItsOwnTimeout()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Telegram:PollTimeoutSeconds"] = "5" });
        bot.Api.LongPollHold = TimeSpan.FromSeconds(6);
        // The first poll outlasts the HTTP timeout; the message that arrives after it must still be answered.
        await WaitUntilAsync(() => bot.Api.PollTimeouts.Count >= 2);
        bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？");

        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage"));

        Assert.Contains("基本建成", calls.Single(c => c.Method == "sendMessage").Text);
        Assert.All(bot.Api.PollTimeouts, t => Assert.Equal(5, t));
    }

    private static async Task WaitUntilAsync(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var tick = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
        while (!condition())
            await tick.WaitForNextTickAsync(timeout.Token);
    }

    [Fact]
    public async Task HelpAndSources_DescribeTheKnowledge()
    {
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.EnqueueText(Alice, "/start");
        bot.Api.EnqueueText(Alice, "/sources");

        var sent = (await bot.Api.WaitForCallsAsync("sendMessage", 2)).Select(c => c.Text).ToList();

        Assert.Contains("3 篇新闻", sent[0]);
        Assert.Equal(3, sent[0].Split("• ").Length - 1);
        Assert.Contains("19个重点项目集中签约南虹桥", sent[1]);
    }

    [Fact]
    public async Task EnglishUser_GetsCommandsInEnglish_AndAnswersInTheQuestionsLanguage()
    {
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.EnqueueText(Alice, "/start", languageCode: "en-GB");
        bot.Api.EnqueueText(Alice, "/help", languageCode: "en-GB");
        bot.Api.EnqueueText(Alice, "What will the weather be in Tokyo tomorrow?", languageCode: "en-GB");
        bot.Api.EnqueueText(Alice, "华为青浦研发中心建得怎么样了？", languageCode: "en-GB");

        var sent = (await bot.Api.WaitForCallsAsync("sendMessage", 4)).Select(c => HtmlText.ToPlain(c.Text)).ToList();

        Assert.StartsWith("Hello! I have read 3 news articles", sent[0]);
        Assert.Contains("What is “", sent[0]);
        Assert.StartsWith("How to ask", sent[1]);
        Assert.StartsWith("I could not find the answer", sent[2]);
        Assert.StartsWith("华为青浦研发中心基本建成", sent[3]);
        // One language a reply: no Chinese in the English ones (titles aside), no English label in the Chinese answer.
        Assert.DoesNotContain(sent[1], c => c is >= '\u4e00' and <= '\u9fff');
        Assert.DoesNotContain("Sources", sent[3]);
        Assert.DoesNotContain(" / ", string.Concat(sent));
    }

    [Fact]
    public async Task InlineQuery_OffersTheAnswerWithItsSources_ToShare()
    {
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.EnqueueInlineQuery(Alice, "华为青浦研发中心建得怎么样了？");

        var call = Assert.Single(await bot.Api.WaitForCallsAsync("answerInlineQuery", 1));

        Assert.Equal("iq-1", call.Body["inline_query_id"]!.GetValue<string>());
        Assert.InRange(call.Body["cache_time"]!.GetValue<int>(), 1, 60);
        var result = call.Body["results"]!.AsArray().Single()!;
        Assert.Equal("article", result["type"]!.GetValue<string>());
        Assert.StartsWith("华为青浦研发中心基本建成", result["title"]!.GetValue<string>());
        var text = result["input_message_content"]!["message_text"]!.GetValue<string>();
        Assert.Contains("。[1]\n\n[1] 《", text);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("   ", "")]
    [InlineData("长", "问题太长了")]
    public async Task InlineQuery_EmptyOrHuge_GetsNoAnswerOrItsMessage(string query, string expected)
    {
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.EnqueueInlineQuery(Alice, query == "长" ? new string('长', 300) : query);

        var call = Assert.Single(await bot.Api.WaitForCallsAsync("answerInlineQuery", 1));

        var results = call.Body["results"]!.AsArray();
        if (expected.Length == 0)
            Assert.Empty(results);
        else
            Assert.Contains(expected, results.Single()!["input_message_content"]!["message_text"]!.GetValue<string>());
    }

    [Fact]
    public async Task InlineQuery_FromAUserNotAllowed_GetsNoAnswer()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Telegram:AllowedChatIds:0"] = "-100" });
        bot.Api.EnqueueInlineQuery(Alice, "华为青浦研发中心建得怎么样了？");

        var call = Assert.Single(await bot.Api.WaitForCallsAsync("answerInlineQuery", 1));

        Assert.Empty(call.Body["results"]!.AsArray());
    }

    [Fact]
    public async Task Group_FollowUp_LeansOnTheAskersOwnPreviousQuestion()
    {
        const long group = -3003;
        const long bob = 4242;
        await using var bot = await TelegramHost.StartAsync();
        bot.Api.EnqueueText(group, "/ask 华为青浦研发中心建得怎么样了？", userId: Alice, chatType: "group");
        bot.Api.EnqueueText(group, "/ask 上海交通大学副校长是谁？", userId: bob, chatType: "group");
        bot.Api.EnqueueText(group, "/ask 它什么时候投入使用？", userId: Alice, chatType: "group");
        await bot.Api.WaitForCallsAsync("sendMessage", 3);

        var conversations = bot.Host.Services.GetRequiredService<Bot.Core.Answering.Conversations>();

        // One conversation a member: Alice's follow-up is read after Alice's question, not after Bob's.
        Assert.Equal(2, await conversations.CountAsync());
    }
}

public sealed class BotMenuTests
{
    [Fact]
    public async Task Start_RegistersTheCommandMenuInEachLanguage_AndTheAdminCommandsForAdminsOnly()
    {
        await using var bot = await TelegramHost.StartAsync(settings: new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = "77" });

        var calls = await bot.Api.WaitForCallsAsync("setMyCommands", 4);

        string Commands(RecordedCall c) => string.Join(",", c.Body["commands"]!.AsArray().Select(x => x!["command"]!.GetValue<string>()));
        var everyone = calls.Where(c => c.Body["scope"]?["type"]?.GetValue<string>() == "default").ToList();
        Assert.Equal(2, everyone.Count);
        Assert.All(everyone, c => Assert.Equal("ask,help,sources,latest,reset,subscribe,unsubscribe,subscriptions,digest", Commands(c)));
        Assert.Contains(everyone, c => c.Body["language_code"]?.GetValue<string>() == "en" && c.Body["commands"]![0]!["description"]!.GetValue<string>().StartsWith("Ask"));
        Assert.Contains(everyone, c => c.Body["language_code"] is null && c.Body["commands"]![0]!["description"]!.GetValue<string>().StartsWith("提问"));
        var admins = calls.Where(c => c.Body["scope"]?["type"]?.GetValue<string>() == "chat").ToList();
        Assert.Equal(2, admins.Count);
        Assert.All(admins, c => Assert.Equal(77, c.Body["scope"]!["chat_id"]!.GetValue<long>()));
        Assert.All(admins, c => Assert.Equal("ask,help,sources,latest,reset,stats,feedback,reload,forget,subscribe,unsubscribe,subscriptions,digest,inbox,curate,curated,uncurate", Commands(c)));
    }
}
