using Bot.Core.Answering;
using Bot.TestSupport;

namespace Bot.Core.Tests.Answering;

public sealed class QuoteCleanerTests
{
    [Theory]
    [InlineData("（记者 王晓峰）新建公租房1.2万套。", "新建公租房1.2万套。")]
    [InlineData("新建公租房1.2万套。(记者 王晓峰)", "新建公租房1.2万套。")]
    [InlineData("本报讯（记者 王晓峰 通讯员 李明）新建公租房1.2万套。", "新建公租房1.2万套。")]
    [InlineData("新华社北京8月3日电 央行宣布降准。", "央行宣布降准。")]
    [InlineData("大桥合龙现场。（王晓峰 摄）", "大桥合龙现场。")]
    [InlineData("大桥合龙现场。新华社记者 李明 摄", "大桥合龙现场。")]
    [InlineData("编者按：本期关注城市更新。", "")]
    [InlineData("（编者注：数据截至6月底）新建公租房1.2万套。", "新建公租房1.2万套。")]
    [InlineData("原标题：最新！泰国国会推迟选举 新总理        据报道，泰国国会推迟了投票。", "据报道，泰国国会推迟了投票。")]
    [InlineData("参考消息网7月25日报道 据外媒报道，大桥合龙。", "据外媒报道，大桥合龙。")]
    public void Clean_TakesOutBylinesNotesAndCredits(string sentence, string expected) =>
        Assert.Equal(expected, QuoteCleaner.Clean(sentence));

    [Theory]
    [InlineData("记者从市住建委获悉，新建公租房1.2万套。")]
    [InlineData("他在（上海）工作了三年。")]
    [InlineData("他说，原标题：并不重要。")]
    [InlineData("原标题：三峡船闸通过船舶突破100万艘次 货运量近20亿吨。")]
    public void Clean_LeavesTheNewsAsWritten(string sentence) =>
        Assert.Equal(sentence, QuoteCleaner.Clean(sentence));
}

public sealed class QuotedAnswerTests
{
    [Fact]
    public async Task Answer_SentenceWithAFullWidthByline_IsQuotedWithoutIt_WhileItsSourceKeepsIt()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl",
            new { id = "flats", title = "公租房建设", text = "（记者 王晓峰）本市今年新建公租房1.2万套。其余房源明年交付。" },
            new { id = "salt", title = "食盐", text = "食盐的主要成分是氯化钠。食盐可以由海水晒制而成。" });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);

        var answer = await services.Answerer().AnswerAsync("本市今年新建公租房多少套？");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("1.2万套", answer.Text);
        Assert.DoesNotContain("记者", answer.Text);
        Assert.DoesNotContain("王晓峰", answer.Text);
        Assert.Contains("王晓峰", answer.Sources[0].Text);
    }
}

public sealed class AnswerSourcesTests
{
    [Fact]
    public async Task Answer_ListsTheArticlesItQuotes_NumberedAsQuoted_AndNoOthers()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl",
            new { id = "flats", title = "公租房建设", text = "本市今年新建公租房1.2万套。其余公租房明年交付。" },
            new { id = "rent", title = "公租房租金", text = "公租房租金低于市场价。公租房申请人数增加。" },
            new { id = "salt", title = "食盐", text = "食盐的主要成分是氯化钠。食盐可以由海水晒制而成。" });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);

        var answer = await services.Answerer().AnswerAsync("本市今年新建公租房多少套？");

        Assert.True(answer.Answered, answer.Text);
        var quoted = answer.Parts!.Select(p => p.Source).Distinct().ToList();
        Assert.Equal(Enumerable.Range(1, answer.Sources.Count), quoted);
        Assert.Equal("flats", answer.Sources[0].Id);
        Assert.DoesNotContain(answer.Sources, s => s.Id == "salt");
        Assert.All(answer.Related, r => Assert.DoesNotContain(answer.Sources, s => s.Id == r.Id));
    }
}
