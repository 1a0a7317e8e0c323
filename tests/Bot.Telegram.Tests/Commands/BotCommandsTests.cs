using Bot.Core.Answering;
using Bot.Telegram.Commands;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Telegram.Tests.Commands;

public sealed class BotCommandsTests
{
    private const string Me = "news_test_bot";
    private const long Admin = 1001;
    private const long Someone = 2002;
    private const long Group = -3003;
    // Refusals go to a second group: Telegram lets a bot send 20 messages a minute to one group (SendPacer), fewer than
    // the registry's commands and refusals together.
    private const long OtherGroup = -3004;

    public static TheoryData<string> Every() => new(BotCommands.All.Select(c => c.Name));

    [Theory]
    [MemberData(nameof(Every))]
    public void EveryCommand_IsParsed_InPrivate_InAGroupWithTheBotsName_AndPlainInAGroup(string name)
    {
        Assert.Equal(name, BotRequest.Parse($"/{name} x", isPrivate: true, Me, isReplyToBot: false)?.Command);
        Assert.Equal(name, BotRequest.Parse($"/{name}@{Me} x", isPrivate: false, Me, isReplyToBot: false)?.Command);
        Assert.Equal(name, BotRequest.Parse($"/{name} x", isPrivate: false, Me, isReplyToBot: false)?.Command);
        Assert.Null(BotRequest.Parse($"/{name}@other_bot x", isPrivate: false, Me, isReplyToBot: false));
    }

    [Fact]
    public void Menus_ListEachCommandForItsAudienceOnly()
    {
        var everyone = BotCommands.Menu(CommandAudience.Everyone).ToList();
        var admins = BotCommands.Menu(CommandAudience.Admins).ToList();

        Assert.All(BotCommands.All.Where(c => c.InMenu), c =>
        {
            Assert.Contains(c.Name, admins);
            Assert.Equal(c.Audience == CommandAudience.Everyone, everyone.Contains(c.Name));
        });
        Assert.DoesNotContain("start", admins);
    }

    [Fact]
    public async Task EveryCommand_IsDispatched_PlainInAGroup_AndAnAdminsCommandRefusedToOthers()
    {
        using var folder = new TempFolder();
        File.Copy(RepoPaths.SeedPage, Path.Combine(folder.Path, "page.txt"));
        folder.Write("extra.txt", "额外的文章\n这是一篇额外的文章，讲的是测试。\n");
        await using var bot = await TelegramHost.StartAsync(folder.Path, new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Admin.ToString() });
        var commands = BotCommands.All.Where(c => c.Name != "ask").ToList();
        var asked = new Dictionary<string, int>();
        foreach (var c in commands)
            asked[c.Name] = bot.Api.EnqueueText(Group, c.Name == "forget" ? "/forget extra.txt" : "/" + c.Name, userId: Admin, chatType: "supergroup");
        var refused = BotCommands.All.Where(c => c.Audience == CommandAudience.Admins)
            .ToDictionary(c => c.Name, c => bot.Api.EnqueueText(OtherGroup, "/" + c.Name, userId: Someone, chatType: "supergroup"));

        var sent = await bot.Api.WaitForCallsAsync("sendMessage", commands.Count + refused.Count);

        // Each command, taken plain in a group, got its own reply: an admin's /feedback and /forget as well as /stats.
        Assert.All(asked, a => Assert.Contains(sent, s => s.ReplyTo == a.Value));
        Assert.DoesNotContain(sent, s => asked.Values.Contains(s.ReplyTo ?? 0) && s.Text == "这个命令只对管理员开放。");
        Assert.False(File.Exists(Path.Combine(folder.Path, "extra.txt")));
        Assert.All(refused, r => Assert.Equal("这个命令只对管理员开放。", Assert.Single(sent, s => s.ReplyTo == r.Value).Text));
    }

    [Fact]
    public void EveryCommand_IsDescribedInEveryLanguageTheBotSpeaks_AndListedInEachLanguagesMenuForItsAudienceOnly()
    {
        var languages = TextCatalog.Default.Languages;

        Assert.All(BotCommands.All, c =>
        {
            Assert.All(languages, l => Assert.False(string.IsNullOrWhiteSpace(c.Descriptions.GetValueOrDefault(l)), $"/{c.Name} has no description in {l}"));
            Assert.Equal(c.InMenu && c.Audience == CommandAudience.Everyone, BotCommands.MenuSpecs(CommandAudience.Everyone).Contains(c));
            Assert.Equal(c.InMenu, BotCommands.MenuSpecs(CommandAudience.Admins).Contains(c));
            Assert.True(typeof(IBotCommand).IsAssignableFrom(c.Handler), $"/{c.Name}'s handler {c.Handler.Name} is not a command");
        });
        Assert.Equal(BotCommands.All.Count, BotCommands.Names.Count);
    }

    [Fact]
    public void Dispatch_WithoutAHandlerForACommand_RefusesToStart()
    {
        var e = Assert.Throws<InvalidOperationException>(() => new CommandDispatch([]));

        Assert.Contains("/" + BotCommands.All[0].Name, e.Message);
    }

    [Fact]
    public async Task EveryCommand_WithTheBotsName_InAGroupAndInPrivate_IsCarriedOutByItsOwnClass()
    {
        using var folder = new TempFolder();
        File.Copy(RepoPaths.SeedPage, Path.Combine(folder.Path, "page.txt"));
        folder.Write("extra.txt", "额外的文章\n这是一篇额外的文章，讲的是测试。\n");
        await using var bot = await TelegramHost.StartAsync(folder.Path, new Dictionary<string, string?> { ["Telegram:AdminUserIds:0"] = Admin.ToString() });
        var dispatch = bot.Host.Services.GetRequiredService<CommandDispatch>();
        string Text(BotCommandSpec c) => c.Name switch
        {
            "ask" => "/ask@" + Me + " 华为青浦研发中心建得怎么样了？",
            "forget" => "/forget@" + Me + " extra.txt",
            _ => $"/{c.Name}@{Me}",
        };
        // Each command in a group with the bot's name, then in the admin's private chat (one after the other: /forget once).
        var asked = BotCommands.All.ToDictionary(c => c.Name, c => (Group: bot.Api.EnqueueText(Group, Text(c), userId: Admin, chatType: "supergroup"),
            Private: bot.Api.EnqueueText(Admin, Text(c) == "/forget@" + Me + " extra.txt" ? "/forget nothing.txt" : Text(c).Replace("@" + Me, ""), userId: Admin)));

        var sent = await bot.Api.WaitForCallsAsync("sendMessage", 2 * BotCommands.All.Count);
        var help = sent.Single(s => s.ReplyTo == asked["help"].Group).Text;

        Assert.All(BotCommands.All, c =>
        {
            Assert.Equal(c.Handler, dispatch.HandlerOf(c).GetType());
            foreach (var id in new[] { asked[c.Name].Group, asked[c.Name].Private })
            {
                var reply = Assert.Single(sent, s => s.ReplyTo == id).Text;
                Assert.NotEqual("这个命令只对管理员开放。", reply);
                if (c.Name != "help")
                    Assert.NotEqual(help, reply);
            }
        });
        Assert.Contains("基本建成", sent.Single(s => s.ReplyTo == asked["ask"].Group).Text);
        Assert.False(File.Exists(Path.Combine(folder.Path, "extra.txt")));
    }
}
