using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_Json_ReportsBuildReopenLatencyAndThroughput()
    {
        var (code, output, error) = await HarnessRun.RunAsync("", "bench", "--json", "--same-process", "--runs", "1", "--warmup", "0",
            "--knowledge", RepoPaths.SeedKnowledge, "--questions", RepoPaths.SeedQuestions);

        Assert.True(code == 0, error);
        var r = JsonDocument.Parse(output).RootElement;
        // The build read the seed page: its three articles and their passages, all indexed.
        var build = r.GetProperty("build");
        Assert.Equal(3, build.GetProperty("articles").GetInt32());
        var serving = r.GetProperty("serving");
        Assert.Equal(File.ReadAllLines(RepoPaths.SeedQuestions).Length, serving.GetProperty("questions").GetInt32());
        Assert.Equal(1, serving.GetProperty("runs").GetInt32());
        // The reopened index was used as built (a rebuild would be reported), and every figure is a real measurement:
        // finite, and the percentiles ordered as percentiles of one sample are.
        Assert.DoesNotContain("not reused", error);
        foreach (var stats in new[] { serving.GetProperty("retrieval"), serving.GetProperty("answer") })
        {
            var (median, p95, p99) = (stats.GetProperty("median").GetDouble(), stats.GetProperty("p95").GetDouble(), stats.GetProperty("p99").GetDouble());
            Assert.True(median > 0 && median <= p95 && p95 <= p99 && double.IsFinite(p99), stats.ToString());
        }
        Assert.True(double.IsFinite(serving.GetProperty("answersPerSecond").GetDouble()));
        Assert.InRange(serving.GetProperty("peakMegabytes").GetDouble(), 10, 4096);
    }

    [Fact]
    public async Task Bench_OverDatedArticles_TimesScopedQuestions()
    {
        using var folder = new TempFolder();
        var questions = folder.WriteJsonl("q.jsonl", new { id = "a", question = "星宇图书馆接待读者多少人次？", answers = new[] { "五百人次" } });

        var (code, output, error) = await HarnessRun.RunAsync("", "bench", "--json", "--same-process", "--runs", "1", "--warmup", "0",
            "--knowledge", Path.Combine(RepoPaths.Fixtures, "dated"), "--questions", questions);

        Assert.True(code == 0, error);
        var scoped = JsonDocument.Parse(output).RootElement.GetProperty("serving").GetProperty("scoped");
        Assert.True(scoped.GetProperty("median").GetDouble() > 0, scoped.ToString());
    }
}
