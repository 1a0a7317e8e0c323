using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class AskCommandTests
{
    [Fact]
    public async Task Ask_Json_PrintsTheContract()
    {
        var (code, output, _) = await HarnessRun.RunAsync("", "ask", "--json", "--top", "2", "--knowledge", RepoPaths.SeedKnowledge, "华为青浦研发中心建得怎么样了？");

        Assert.Equal(0, code);
        using var doc = JsonDocument.Parse(output);
        var root = doc.RootElement;
        Assert.Equal("华为青浦研发中心建得怎么样了？", root.GetProperty("question").GetString());
        Assert.Contains("基本建成", root.GetProperty("answer").GetString());
        Assert.True(root.GetProperty("answered").GetBoolean());
        Assert.True(root.GetProperty("elapsedMs").GetDouble() >= 0);
        var sources = root.GetProperty("sources").EnumerateArray().ToList();
        Assert.InRange(sources.Count, 1, 2);
        var first = sources[0];
        Assert.Equal("xinmin-2024-01-page.txt#1", first.GetProperty("id").GetString());
        Assert.Equal("xinmin-2024-01-page.txt", first.GetProperty("path").GetString());
        Assert.Contains("以比学赶超", first.GetProperty("title").GetString());
        Assert.Contains("华为青浦研发中心", first.GetProperty("text").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("date").ValueKind);
        Assert.True(first.GetProperty("score").GetDouble() > 0);
    }

    [Fact]
    public async Task Ask_JsonContext_AddsThePassagesTheLlmWouldRead_WithinItsBudget()
    {
        var settings = new Dictionary<string, string?> { ["Llm:ContextChars"] = "800" };
        var (code, output, _) = await HarnessRun.RunWithSettingsAsync("", settings, "ask", "--json", "--context", "--knowledge", RepoPaths.SeedKnowledge, "上海交通大学副校长是谁？");

        Assert.Equal(0, code);
        var root = JsonDocument.Parse(output).RootElement;
        var context = root.GetProperty("context").GetString()!;
        Assert.Contains("<passage id=\"1\"", context);
        Assert.Contains("奚立峰", context);
        // The budget bounds the passages' text; the tags and titles around them are what the model reads too.
        var text = string.Concat(context.Split("</passage>").Select(p => p.Contains('>') ? p[(p.LastIndexOf('>') + 1)..] : ""));
        Assert.InRange(text.Trim().Length, 100, 800);
    }

    [Fact]
    public async Task Ask_WithoutContextFlag_HasNoContextField()
    {
        var (_, output, _) = await HarnessRun.RunAsync("", "ask", "--json", "--knowledge", RepoPaths.SeedKnowledge, "上海交通大学副校长是谁？");

        Assert.False(JsonDocument.Parse(output).RootElement.TryGetProperty("context", out _));
    }

    [Fact]
    public async Task Ask_JsonWithoutQuestion_AnswersEachLineOfInput()
    {
        var (code, output, _) = await HarnessRun.RunAsync("上海交通大学副校长是谁？\n\nWhat is the capital of France?\n", "ask", "--json", "--knowledge", RepoPaths.SeedKnowledge);

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(3, lines.Count);
        Assert.Contains("奚立峰", lines[0].GetProperty("answer").GetString());
        Assert.False(lines[1].GetProperty("answered").GetBoolean());
        Assert.False(lines[2].GetProperty("answered").GetBoolean());
    }

    [Fact]
    public async Task Ask_Text_PrintsAnswerAndNumberedSources()
    {
        var (code, output, _) = await HarnessRun.RunAsync("", "ask", "--knowledge", RepoPaths.SeedKnowledge, "国产首艘大型邮轮交付了吗？");

        Assert.Equal(0, code);
        Assert.Contains("正式交付", output);
        Assert.Contains("[1] ", output);
        Assert.Contains("xinmin-2024-01-page.txt", output);
    }

    [Fact]
    public async Task Ask_WithoutQuestion_ExplainsUsage()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "ask", "--knowledge", RepoPaths.SeedKnowledge);

        Assert.Equal(2, code);
        Assert.Contains("ask needs a question", error);
    }

    [Fact]
    public async Task Ask_MissingKnowledgeFolder_SaysWhichPath()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "ask", "--knowledge", "/no/such/knowledge", "问题？");

        Assert.Equal(1, code);
        Assert.Contains("/no/such/knowledge", error);
    }

    [Fact]
    public async Task Ask_InvalidOption_NamesTheKey()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "ask", "--top", "0", "--knowledge", RepoPaths.SeedKnowledge, "问题？");

        Assert.Equal(2, code);
        Assert.Contains("TopSources", error);
    }
}
