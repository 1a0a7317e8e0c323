using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class EvalCommandTests
{
    [Fact]
    public async Task Eval_Json_ReportsTheSeedFigures()
    {
        using var folder = new TempFolder();
        var outFile = Path.Combine(folder.Path, "results.jsonl");

        var (code, output, _) = await HarnessRun.RunAsync("", "eval", RepoPaths.SeedQuestions, "--json", "--out", outFile, "--knowledge", RepoPaths.SeedKnowledge);

        Assert.Equal(0, code);
        var summary = JsonDocument.Parse(output).RootElement;
        Assert.Equal(File.ReadAllLines(RepoPaths.SeedQuestions).Length, summary.GetProperty("questions").GetInt32());
        Assert.Equal(1.0, summary.GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, summary.GetProperty("declined").GetDouble());
        Assert.Equal(File.ReadAllLines(RepoPaths.SeedQuestions).Length, File.ReadAllLines(outFile).Length);
    }

    [Fact]
    public async Task Eval_BrokenQuestionFile_NamesTheLine()
    {
        using var folder = new TempFolder();
        var file = folder.Write("q.jsonl", "{\"id\":\"a\",\"question\":\"问题？\",\"answers\":[]}\nnot json\n");

        var (code, _, error) = await HarnessRun.RunAsync("", "eval", file, "--knowledge", RepoPaths.SeedKnowledge);

        Assert.Equal(1, code);
        Assert.Contains("line 2", error);
    }
}
