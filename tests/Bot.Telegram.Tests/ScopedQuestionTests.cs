using System.Text.RegularExpressions;
using Bot.TestSupport;
using Microsoft.Extensions.Time.Testing;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Tests;

// Questions scoped in time through the real client and the fake Bot API, over the small dated articles of
// tests/fixtures/dated, on a fake clock (times in UTC; the bot's days are Asia/Shanghai's, eight hours ahead).
public sealed class ScopedQuestionTests
{
    private static string Dated => Path.Combine(RepoPaths.Fixtures, "dated");

    private static async Task<string> AskAsync(TelegramHost bot, long chat, string text)
    {
        var asked = bot.Api.EnqueueText(chat, text);
        var calls = await bot.Api.WaitForAsync(c => c.Any(x => x.Method == "sendMessage" && x.ReplyTo == asked));
        return HtmlText.ToPlain(calls.First(x => x.Method == "sendMessage" && x.ReplyTo == asked).Text);
    }

    private static List<string> Dates(string text) => Regex.Matches(text, @"2024-01-\d\d").Select(m => m.Value).ToList();

    [Fact]
    public async Task ScopedQuestions_AreAnsweredFromTheirRange_SayIt_AndCountTheUndated()
    {
        // Monday 8 January, 09:00 in Shanghai: last week is 1 to 7 January.
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 8, 1, 0, 0, TimeSpan.Zero));
        await using var bot = await TelegramHost.StartAsync(Dated, time: time);

        var scoped = await AskAsync(bot, 3001, "上周的报道中，星宇图书馆接待读者多少人次？");
        var english = await AskAsync(bot, 3002, "What was reported last week?");

        // The article in range (3 January), not the better match outside it (9 January).
        Assert.StartsWith("1月1日至7日的报道中", scoped);
        Assert.Contains("五百人次", scoped);
        Assert.DoesNotContain("三千", scoped);
        Assert.Contains("另有1篇未注明日期的报道未计入", scoped);
        Assert.StartsWith("Reports of Jan 1–7:", english);
        Assert.Contains("2024-01-05", english);
        Assert.DoesNotContain("2024-01-09", english);
    }

    [Fact]
    public async Task RangeWithNoArticle_GetsTheNearestDate_AndToday_ListsTodaysNews()
    {
        // Wednesday 10 January, 20:00 in Shanghai.
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 10, 12, 0, 0, TimeSpan.Zero));
        await using var bot = await TelegramHost.StartAsync(Dated, time: time);

        var today = await AskAsync(bot, 3011, "今天有什么新闻？");
        // Friday 12 January: yesterday, the 11th, has no article.
        time.Advance(TimeSpan.FromDays(2) - TimeSpan.FromHours(11));
        var yesterday = await AskAsync(bot, 3012, "昨天的报道中，星宇图书馆接待读者多少人次？");

        Assert.StartsWith("1月10日的报道：", today);
        Assert.Contains("《淀山湖大桥通车》 2024-01-10：青浦区淀山湖大桥今天正式通车", today);
        Assert.All(Dates(today), d => Assert.Equal("2024-01-10", d));
        Assert.StartsWith("1月11日没有相关的报道；最近的一篇是1月9日的《星宇图书馆正式开放》。", yesterday);
    }

    [Fact]
    public async Task Latest_ListsTheNewestDatedArticles_AndWithWords_TheNewestOnThem()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2024, 1, 12, 1, 0, 0, TimeSpan.Zero));
        await using var bot = await TelegramHost.StartAsync(Dated, time: time);

        var latest = await AskAsync(bot, 3021, "/latest");
        var onWords = await AskAsync(bot, 3022, "/latest 星宇图书馆");
        var nothing = await AskAsync(bot, 3024, "/latest 火星基地");

        Assert.StartsWith("最新的报道：", latest);
        Assert.Equal(["2024-01-10", "2024-01-09", "2024-01-05", "2024-01-03"], Dates(latest));
        Assert.Contains("《淀山湖大桥通车》 2024-01-10：青浦区淀山湖大桥今天正式通车", latest);
        Assert.StartsWith("关于“星宇图书馆”的最新报道：", onWords);
        // The library's dated articles, newest first; the undated one and the others are not listed.
        Assert.Equal(["2024-01-09", "2024-01-03"], Dates(onWords));
        Assert.Contains("《星宇图书馆正式开放》", onWords);
        Assert.StartsWith("没有关于“火星基地”的报道。", nothing);
    }
}
