using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class TimeScopeTests
{
    private static string Dated => Path.Combine(RepoPaths.Fixtures, "dated");

    private static async Task<JsonElement> AskAsync(string now, string question)
    {
        var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--json", "--now", now, "--knowledge", Dated, question);
        Assert.True(code == 0, error);
        return JsonDocument.Parse(output).RootElement.Clone();
    }

    [Fact]
    public async Task ScopedQuestion_IsAnsweredFromTheArticleInRange_NotTheBetterMatchOutsideIt()
    {
        // Monday 8 January: last week is 1 to 7 January.
        var answer = await AskAsync("2024-01-08T09:00", "上周的报道中，星宇图书馆接待读者多少人次？");

        var text = answer.GetProperty("answer").GetString()!;
        Assert.True(answer.GetProperty("answered").GetBoolean(), text);
        Assert.StartsWith("1月1日至7日的报道中", text);
        Assert.Contains("五百人次", text);
        Assert.DoesNotContain("三千", text);
        Assert.Equal("2024-01-01", answer.GetProperty("dateRange").GetProperty("from").GetString());
        Assert.Equal("2024-01-07", answer.GetProperty("dateRange").GetProperty("to").GetString());
        Assert.All(answer.GetProperty("sources").EnumerateArray(), s => Assert.Equal("2024-01-03", s.GetProperty("date").GetString()));
    }

    [Fact]
    public async Task ScopedQuestion_CountsTheUndatedArticlesLeftOut()
    {
        var answer = await AskAsync("2024-01-08T09:00", "上周的报道中，星宇图书馆接待读者多少人次？");

        Assert.Contains("另有1篇未注明日期的报道未计入", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task RangeWithNoArticle_SaysSoAndNamesTheNearestDatedArticle()
    {
        var answer = await AskAsync("2024-01-12T09:00", "昨天的报道中，星宇图书馆接待读者多少人次？");

        Assert.False(answer.GetProperty("answered").GetBoolean());
        Assert.StartsWith("1月11日没有相关的报道；最近的一篇是1月9日的《星宇图书馆正式开放》。", answer.GetProperty("answer").GetString());
        Assert.Equal("2024-01-11", answer.GetProperty("dateRange").GetProperty("from").GetString());
    }

    [Fact]
    public async Task WhatsNewToday_ListsTodaysArticles()
    {
        var answer = await AskAsync("2024-01-10T20:00", "今天有什么新闻？");

        var text = answer.GetProperty("answer").GetString()!;
        Assert.StartsWith("1月10日的报道：", text);
        Assert.Contains("《淀山湖大桥通车》 2024-01-10：青浦区淀山湖大桥今天正式通车", text);
        Assert.Single(answer.GetProperty("sources").EnumerateArray());
    }

    [Fact]
    public async Task WhatsNew_ListsTheNewestDatedArticles_NewestFirst()
    {
        var answer = await AskAsync("2024-01-12T09:00", "最近有什么新闻");

        var text = answer.GetProperty("answer").GetString()!;
        var dates = System.Text.RegularExpressions.Regex.Matches(text, @"2024-01-\d\d").Select(m => m.Value).ToList();
        Assert.Equal(["2024-01-10", "2024-01-09", "2024-01-05", "2024-01-03"], dates);
        Assert.StartsWith("最新的报道：", answer.GetProperty("answer").GetString());
        // Every article listed is a source, past Answering:TopSources (3).
        Assert.Equal(4, answer.GetProperty("sources").GetArrayLength());
        Assert.Equal(JsonValueKind.Null, answer.GetProperty("dateRange").ValueKind);
    }

    [Fact]
    public async Task WhatsNew_OverKnowledgeWithNoDatedArticle_ListsItsArticles_SayingTheyAreUndated()
    {
        // The seed page: its articles' only date is its file's name (2024-01). It was "知识库里没有找到这个问题的答案。"
        var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--json", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory", "最近有什么新闻？");

        Assert.True(code == 0, error);
        var answer = JsonDocument.Parse(output).RootElement;
        var text = answer.GetProperty("answer").GetString()!;
        Assert.True(answer.GetProperty("answered").GetBoolean(), text);
        Assert.StartsWith("知识库里的文章都没有标明日期", text);
        Assert.Contains("2024-01：新年开新局，南虹桥签下哪些新项目？", text);
        Assert.DoesNotContain("本报讯", text);
        Assert.Equal(3, answer.GetProperty("sources").GetArrayLength());
    }

    [Fact]
    public async Task WhatsNew_LeavesOutArticlesDatedAfterTomorrow()
    {
        // On 8 January the article of the 9th may be the asker's today; the bridge's of the 10th is not news yet.
        var answer = await AskAsync("2024-01-08T09:00", "最近有什么新闻");

        var text = answer.GetProperty("answer").GetString()!;
        var dates = System.Text.RegularExpressions.Regex.Matches(text, @"2024-01-\d\d").Select(m => m.Value).ToList();
        Assert.Equal(["2024-01-09", "2024-01-05", "2024-01-03"], dates);
        Assert.DoesNotContain("淀山湖大桥", text);
    }

    [Fact]
    public async Task WhatsNew_OverUndatedArticles_ListsAFileNamedForTheFutureLast()
    {
        using var folder = new TempFolder();
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "paper-2099-01.txt"), "远山镇的新闻\n\n远山镇举办了一场灯会，吸引了许多市民。");
        await File.WriteAllTextAsync(Path.Combine(folder.Path, "paper-2023-12.txt"), "近水村的新闻\n\n近水村的桥修好了，村民出行更方便。");

        var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--json", "--now", "2024-01-10T09:00", "--knowledge", folder.Path, "--index", "memory", "最近有什么新闻？");

        Assert.True(code == 0, error);
        var text = JsonDocument.Parse(output).RootElement.GetProperty("answer").GetString()!;
        // A month in a file's name dates no article: both are listed, said to be undated, the future month last.
        Assert.StartsWith("知识库里的文章都没有标明日期", text);
        Assert.True(text.IndexOf("近水村", StringComparison.Ordinal) is >= 0 and var near && near < text.IndexOf("远山镇", StringComparison.Ordinal), text);
    }

    [Fact]
    public async Task WhatsNew_InTraditionalCharacters_ListsTheNewest()
    {
        var answer = await AskAsync("2024-01-12T09:00", "最近有什麼新聞？");

        Assert.StartsWith("最新的报道：", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task EnglishQuestion_StatesTheRangeInEnglish()
    {
        var answer = await AskAsync("2024-01-08T09:00", "What was reported last week?");

        var text = answer.GetProperty("answer").GetString()!;
        Assert.StartsWith("Reports of Jan 1–7:", text);
        Assert.Contains("“地铁票价调整” 2024-01-05", text);
    }

    [Fact]
    public async Task UnscopedQuestion_HasNoDateRange()
    {
        var answer = await AskAsync("2024-01-08T09:00", "星宇图书馆馆藏图书多少册？");

        Assert.Equal(JsonValueKind.Null, answer.GetProperty("dateRange").ValueKind);
        Assert.Contains("十万册", answer.GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Now_WhenNotADate_IsBadUsage()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "ask", "--now", "soon", "--knowledge", Dated, "今天有什么新闻？");

        Assert.Equal(2, code);
        Assert.Contains("--now", error);
    }

    [Fact]
    public async Task Eval_QuestionsCarryTheirOwnNow()
    {
        using var folder = new TempFolder();
        var questions = folder.WriteJsonl("q.jsonl",
            new { id = "in", question = "上周的报道中，星宇图书馆接待读者多少人次？", answers = new[] { "五百人次" }, now = "2024-01-08T09:00" },
            new { id = "out", question = "昨天的报道中，星宇图书馆接待读者多少人次？", answers = Array.Empty<string>(), now = "2024-01-12T09:00" });
        var results = Path.Combine(folder.Path, "results.jsonl");

        var (code, _, error) = await HarnessRun.RunAsync("", "eval", questions, "--out", results, "--knowledge", Dated);

        Assert.True(code == 0, error);
        var lines = File.ReadAllLines(results).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.All(lines, l => Assert.True(l.GetProperty("correct").GetBoolean(), l.GetRawText()));
    }

    [Fact]
    public async Task Sources_ShowEachArticlesDateAndWhereItCameFrom()
    {
        using var folder = new TempFolder();
        folder.Write("xinmin-2024-01-05.txt", "淀山湖大桥通车\n青浦区淀山湖大桥正式通车，大桥全长一千二百米。\n");
        File.Copy(Path.Combine(Dated, "metro.md"), Path.Combine(folder.Path, "metro.md"));
        folder.Write("note.txt", "星宇图书馆每天上午九时开放。\n");

        var (code, output, error) = await HarnessRun.RunAsync("", "sources", "--knowledge", folder.Path);

        Assert.True(code == 0, error);
        Assert.Contains("2024-01-05 from file name", output);
        Assert.Contains("地铁票价调整 (metro.md#1, 2024-01-05 from metadata)", output);
        Assert.Contains("undated", output);
    }
}
