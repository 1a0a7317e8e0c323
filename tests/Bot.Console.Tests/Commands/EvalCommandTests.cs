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

    [Theory]
    [InlineData("{\"id\":\"n\",\"question\":\"华为\",\"answers\":[null]}\n", "line 1 is not a valid question (\"answers\" holds null)")]
    [InlineData("{\"id\":5,\"question\":\"华为\",\"answers\":[]}\n", "line 1 is not a valid question (the value at $.id is not of the right kind)")]
    [InlineData("{\"id\":\"n\",\"question\":\"华为\"}\n", "line 1 is not a valid question (no \"answers\"; write [] for a question the knowledge does not answer)")]
    [InlineData("\n  \n", "holds no questions")]
    [InlineData("{\"id\":\"a\",\"question\":\"华为\",\"answers\":[],\"now\":\"yesterday\"}\n", "\"now\" of question a takes a date and time")]
    public async Task Eval_QuestionFileThatCannotBeMeasured_IsOneLine_AndExitsOne(string content, string expected)
    {
        // A null answer was a NullReferenceException's message; an empty file was measured as nothing at all (exit 0);
        // a bad "now" was bad usage (exit 2) found only when the run reached it.
        using var folder = new TempFolder();
        var file = folder.Write("q.jsonl", content);

        var (code, output, error) = await HarnessRun.RunAsync("", "eval", file, "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(1, code);
        Assert.Equal("", output);
        Assert.Contains(expected, Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries)));
    }

    [Theory]
    [InlineData("{\"id\":\"n\",\"question\":\"\",\"answers\":[\"基本建成\"]}", "line 2 left out (the question is empty)")]
    [InlineData("{\"id\":\"n\",\"turns\":[\"华为\",\" \"],\"answers\":[\"基本建成\"]}", "line 2 left out (\"turns\" holds an empty turn)")]
    [InlineData("{\"id\":\"n\",\"question\":\"华为\",\"answers\":[\" \"]}", "line 2 left out (\"answers\" holds an empty answer)")]
    public async Task Eval_LineThatCannotBeAskedOrMatched_IsLeftOutNamed_AndTheRestMeasured(string unaskable, string expected)
    {
        // The CMRC 2018 trial set holds one empty question among 1,002; refusing the file measured none of them.
        using var folder = new TempFolder();
        var file = folder.Write("q.jsonl", "{\"id\":\"a\",\"question\":\"华为青浦研发中心建得怎么样了？\",\"answers\":[\"基本建成\"]}\n" + unaskable + "\n");

        var (code, output, error) = await HarnessRun.RunAsync("", "eval", file, "--json", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.True(code == 0, error);
        Assert.Contains(expected, error);
        var summary = JsonDocument.Parse(output).RootElement;
        Assert.Equal(1, summary.GetProperty("questions").GetInt32());
        Assert.Equal(1.0, summary.GetProperty("accuracy").GetDouble());
    }

    [Fact]
    public async Task Eval_OutIsAFolder_IsBadUsage_BeforeTheRun()
    {
        using var folder = new TempFolder();

        var (code, output, error) = await HarnessRun.RunAsync("", "eval", RepoPaths.SeedQuestions, "--out", folder.Path, "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith($"--out: {folder.Path} is a folder", error);
    }

    [Fact]
    public async Task Eval_OutIsTheQuestionFile_IsBadUsage_AndTheQuestionsStay()
    {
        using var folder = new TempFolder();
        var file = folder.Write("q.jsonl", "{\"id\":\"a\",\"question\":\"华为青浦研发中心建得怎么样了？\",\"answers\":[\"基本建成\"]}\n");
        var before = File.ReadAllText(file);

        var (code, _, error) = await HarnessRun.RunAsync("", "eval", file, "--out", file, "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(2, code);
        Assert.Contains("is the question file", error);
        Assert.Equal(before, File.ReadAllText(file));
    }
}
