using Bot.TestSupport;

namespace Bot.Telegram.Tests.Inbox;

public sealed class InboxTests
{
    private const long Admin = 1001;
    private const string Told = "你之前问的“";

    private static Dictionary<string, string?> Settings(bool keep = true, bool notify = true) => new()
    {
        ["Telegram:AdminUserIds:0"] = Admin.ToString(),
        ["Telegram:KeepQuestions"] = keep ? "true" : "false",
        ["Feedback:NotifyAskers"] = notify ? "true" : "false",
    };

    // A message from the admin replying to the bot's message whose text was <paramref name="repliedText"/>.
    private static void ReplyToBot(FakeBotApiServer api, long chat, string text, string repliedText)
    {
        var update = api.TextUpdate(chat, text, Admin, replyToBotMessageId: 77_000);
        update["message"]!["reply_to_message"]!["text"] = repliedText;
        api.EnqueueUpdate(update);
    }

    private static async Task AskAndWaitAsync(FakeBotApiServer api, long chat, string question)
    {
        var before = api.Calls.Count(c => c.Method == "editMessageReplyMarkup");
        api.EnqueueText(chat, question);
        // The rating buttons come last, after the question was kept in the inbox.
        await api.WaitForCallsAsync("editMessageReplyMarkup", before + 1);
    }

    [Fact]
    public async Task Inbox_GroupsDeclinedQuestions_AnAdminsReplyToAnItemIsServed_AndEachAskerIsToldOnce()
    {
        await using var bot = await TelegramHost.StartAsync(settings: Settings());
        var api = bot.Api;
        await AskAndWaitAsync(api, 2002, "望川市的地铁什么时候开通？");
        await AskAndWaitAsync(api, 2003, "望川市地铁什么时候开通");
        await AskAndWaitAsync(api, 2005, "曼西市的新机场建在哪里？");

        api.EnqueueText(Admin, "/inbox");
        var listed = await api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage" && x.ChatId == Admin) >= 3);
        var items = listed.Where(c => c.Method == "sendMessage" && c.ChatId == Admin).Skip(1).ToList();
        var metro = Assert.Single(items, i => i.Text.Contains("望川市"));
        Assert.Contains("2 次 · 2 个聊天", metro.Text);
        Assert.Contains("名字不在知识库 2", metro.Text);
        Assert.StartsWith("曼西市", items[0].Text); // newest first
        Assert.Equal(["答复", "忽略"], metro.Body["reply_markup"]!["inline_keyboard"]![0]!.AsArray().Select(b => b!["text"]!.GetValue<string>()));

        ReplyToBot(api, Admin, "望川市地铁1号线定于明年通车。", metro.Text);
        await api.WaitForAsync(c => new long[] { 2002, 2003 }.All(chat => c.Any(x => x.ChatId == chat && x.Text.StartsWith(Told, StringComparison.Ordinal))));
        var told = api.SentMessages(2002).Single(m => m.Text.StartsWith(Told, StringComparison.Ordinal));
        Assert.Equal("你之前问的“望川市的地铁什么时候开通？”现在有答案了：望川市地铁1号线定于明年通车。", told.Text);

        api.EnqueueText(2004, "望川市的地铁什么时候开通？");
        var served = (await api.WaitForAsync(c => c.Any(x => x.ChatId == 2004 && x.Method is "sendMessage" or "editMessageText" && x.Text.Contains("通车"))))
            .Last(x => x.ChatId == 2004 && x.Text.Contains("通车"));
        Assert.Contains("编辑答复（", served.Text);

        // A second answer for the same question tells nobody again; the notices are made in order, so once the one for
        // another question has come, the second answer's have been decided.
        api.EnqueueText(Admin, "/answer 望川市地铁什么时候开通 | 明年。 | 10d");
        api.EnqueueText(Admin, "/answer 曼西市的新机场建在哪里 | 东郊。");
        await api.WaitForAsync(c => c.Any(x => x.ChatId == 2005 && x.Text.StartsWith(Told, StringComparison.Ordinal)));
        Assert.Single(api.SentMessages(2002), m => m.Text.StartsWith(Told, StringComparison.Ordinal));
        Assert.Single(api.SentMessages(2003), m => m.Text.StartsWith(Told, StringComparison.Ordinal));
    }

    [Fact]
    public async Task DeclinedQuestion_AnsweredAfterAReload_IsToldToItsAsker_ButNotWhenNoticesAreOff()
    {
        foreach (var notify in new[] { true, false })
        {
            using var folder = new TempFolder();
            File.Copy(RepoPaths.SeedPage, Path.Combine(folder.Path, "page.txt"));
            await using var bot = await TelegramHost.StartAsync(folder.Path, Settings(notify: notify));
            var api = bot.Api;
            await AskAndWaitAsync(api, 2002, "望川市地铁1号线什么时候开通运营？");
            folder.Write("wangchuan.txt", "望川市地铁1号线开通运营\n望川市地铁1号线于2026年12月1日正式开通运营，全长30公里。\n");

            api.EnqueueText(Admin, "/reload");
            await api.WaitForAsync(c => c.Any(x => x.ChatId == Admin && x.Text.StartsWith("已重新载入", StringComparison.Ordinal)));
            // The next question of the same chat is answered after the notice (when there is one) was decided.
            api.EnqueueText(2002, "/inbox");
            await api.WaitForAsync(c => c.Any(x => x.ChatId == 2002 && x.Text == "这个命令只对管理员开放。"));
            if (notify)
                await api.WaitForAsync(c => c.Any(x => x.ChatId == 2002 && x.Text.StartsWith(Told, StringComparison.Ordinal)));

            var notices = api.SentMessages(2002).Where(m => m.Text.StartsWith(Told, StringComparison.Ordinal)).ToList();
            Assert.Equal(notify ? 1 : 0, notices.Count);
            if (notify)
                Assert.Contains("2026年12月1日", notices[0].Text);
        }
    }

    [Fact]
    public async Task Inbox_WithoutKeptQuestions_ShowsTheWords_AndDismissForgetsTheGroup()
    {
        await using var bot = await TelegramHost.StartAsync(settings: Settings(keep: false));
        var api = bot.Api;
        await AskAndWaitAsync(api, 2002, "望川市的地铁什么时候开通？");

        api.EnqueueText(Admin, "/inbox");
        var item = (await api.WaitForAsync(c => c.Count(x => x.Method == "sendMessage" && x.ChatId == Admin) >= 2))
            .Last(x => x.Method == "sendMessage" && x.ChatId == Admin);
        Assert.StartsWith("（未保存原文）词：", item.Text);
        Assert.DoesNotContain("什么时候", item.Text);
        var dismiss = item.Body["reply_markup"]!["inline_keyboard"]![0]![1]!["callback_data"]!.GetValue<string>();
        api.EnqueueCallback(Admin, Admin, 9000, dismiss);
        await api.WaitForCallsAsync("answerCallbackQuery", 1);
        api.EnqueueText(Admin, "/inbox");

        await api.WaitForAsync(c => c.Any(x => x.ChatId == Admin && x.Text.StartsWith("收件箱是空的", StringComparison.Ordinal)));
        Assert.Contains(api.Calls, c => c.Method == "answerCallbackQuery" && c.Body["text"]?.GetValue<string>() == "已忽略 1 条");
    }

    [Fact]
    public async Task Answers_ListsTheCuratedAnswers_AndItsButtonDeletesOne()
    {
        await using var bot = await TelegramHost.StartAsync(settings: Settings());
        var api = bot.Api;
        api.EnqueueText(Admin, "/answer 望川市地铁什么时候开通 | 明年。 | 2099-01-31");
        await api.WaitForAsync(c => c.Any(x => x.ChatId == Admin && x.Text.StartsWith("已保存编辑答复", StringComparison.Ordinal)));
        api.EnqueueText(Admin, "/answers");
        var list = (await api.WaitForAsync(c => c.Any(x => x.ChatId == Admin && x.Text.Contains("→ 明年。")))).Last(x => x.ChatId == Admin);
        Assert.Contains("至 2099-02-01", list.Text);
        var delete = list.Body["reply_markup"]!["inline_keyboard"]![0]![0]!["callback_data"]!.GetValue<string>();

        api.EnqueueCallback(Admin, Admin, 9001, delete);
        await api.WaitForCallsAsync("answerCallbackQuery", 1);
        api.EnqueueText(2002, "望川市地铁什么时候开通");

        var reply = (await api.WaitForAsync(c => c.Any(x => x.ChatId == 2002 && x.Method == "sendMessage"))).First(x => x.ChatId == 2002);
        Assert.DoesNotContain("明年", reply.Text);
        Assert.Contains(api.Calls, c => c.Method == "answerCallbackQuery" && c.Body["text"]?.GetValue<string>()?.StartsWith("已删除编辑答复", StringComparison.Ordinal) == true);
    }

    [Fact]
    public async Task InboxCommands_AreRefusedToOthers_AndUsageIsGivenForABadAnswer()
    {
        await using var bot = await TelegramHost.StartAsync(settings: Settings());
        var api = bot.Api;
        var refused = api.EnqueueText(2002, "/answer 问题 | 答复");
        var usage = api.EnqueueText(Admin, "/answer 只有问题");

        var sent = await api.WaitForCallsAsync("sendMessage", 2);

        Assert.Equal("这个命令只对管理员开放。", sent.Single(s => s.ReplyTo == refused).Text);
        Assert.StartsWith("用法：/answer", sent.Single(s => s.ReplyTo == usage).Text);
    }

    [Fact]
    public async Task Curate_TheIssuesForm_IsServedUntilItsDate_CuratedNumbersIt_AndUncurateRemovesThatNumber()
    {
        await using var bot = await TelegramHost.StartAsync(settings: Settings());
        var api = bot.Api;
        var saved = await CommandAsync(api, "/curate 望川市地铁什么时候开通 | 明年通车。 | 有效期至 2099-02-01");
        Assert.StartsWith("已保存编辑答复", saved);
        var number = saved.Split(' ', '，')[1];

        var list = await CommandAsync(api, "/curated");
        Assert.StartsWith($"{number}. 望川市地铁什么时候开通 → 明年通车。", list);
        api.EnqueueText(2002, "望川市的地铁什么时候开通？");
        Assert.Contains("编辑答复（", (await api.WaitForAsync(c => c.Any(x => x.ChatId == 2002 && x.Text.Contains("明年通车")))).Last(x => x.ChatId == 2002).Text);

        Assert.Equal("用法：/uncurate 编号（/curated 列出的编号，例如 /uncurate 3）。", await CommandAsync(api, "/uncurate abc"));
        Assert.Equal("没有编辑答复 999。", await CommandAsync(api, "/uncurate 999"));
        Assert.Equal($"已删除编辑答复 {number}。", await CommandAsync(api, "/uncurate " + number));
        Assert.StartsWith("还没有编辑答复", await CommandAsync(api, "/curated"));
        // The older names are the same commands.
        Assert.StartsWith("已保存编辑答复", await CommandAsync(api, "/answer 曼西市的新机场建在哪里 | 东郊。"));
        Assert.Contains("→ 东郊。", await CommandAsync(api, "/answers"));
    }

    [Fact]
    public async Task Curate_WithABadDateOrForm_GivesOneClearLine_AndWithoutADateServesFeedbackCuratedDays()
    {
        var time = new Microsoft.Extensions.Time.Testing.FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero));
        var settings = Settings();
        settings["Feedback:CuratedDays"] = "5";
        await using var bot = await TelegramHost.StartAsync(settings: settings, time: time);
        var api = bot.Api;

        Assert.Equal("没有保存：有效期“有效期至 2024-02-01”已经过了，请给一个今天以后的日期。", await CommandAsync(api, "/curate 问题 | 答案 | 有效期至 2024-02-01"));
        Assert.StartsWith("用法：/curate 问题 | 答案", await CommandAsync(api, "/curate 问题 | 答案 | 有效期至 2027-02-30"));
        Assert.StartsWith("用法：/curate 问题 | 答案", await CommandAsync(api, "/curate 只有问题"));
        Assert.Contains("有效至 2026-12-08", await CommandAsync(api, "/curate 望川市地铁什么时候开通 | 明年。"));
    }

    // Sends an admin's command in private and returns the bot's reply to it.
    private static async Task<string> CommandAsync(FakeBotApiServer api, string text)
    {
        var id = api.EnqueueText(Admin, text);
        return (await api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ReplyTo == id))).Single(x => x.Method == "sendMessage" && x.ReplyTo == id).Text;
    }

    [Fact]
    public void Expiry_ReadsDaysAndDates()
    {
        var now = new DateTimeOffset(2026, 12, 3, 8, 0, 0, TimeSpan.Zero);
        Assert.Equal(now.AddDays(30), Bot.Telegram.Commands.AnswerCommand.Expiry("30d", now));
        Assert.Equal(now.AddDays(7), Bot.Telegram.Commands.AnswerCommand.Expiry("7天", now));
        Assert.Equal(new DateTimeOffset(2027, 2, 2, 0, 0, 0, TimeSpan.Zero), Bot.Telegram.Commands.AnswerCommand.Expiry("有效期至 2027-02-01", now));
        Assert.Null(Bot.Telegram.Commands.AnswerCommand.Expiry("2020-01-01", now));
        Assert.Null(Bot.Telegram.Commands.AnswerCommand.Expiry("soon", now));
    }
}
