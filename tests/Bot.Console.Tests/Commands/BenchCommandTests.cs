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

    [Theory]
    [InlineData("0", true)]
    [InlineData("10000", false)]
    public async Task Bench_WithAModel_ReportsTheApproximateSearchsRecallAgainstTheExhaustiveOne(string exactBelow, bool approximate)
    {
        await using var model = await FakeModelServer.StartAsync();
        var settings = new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "openai",
            ["Embeddings:Endpoint"] = model.Endpoint,
            ["Embeddings:Model"] = "fake-concepts",
            ["Embeddings:ExactBelow"] = exactBelow,
        };

        var (code, output, error) = await HarnessRun.RunWithSettingsAsync("", settings, "bench", "--json", "--same-process", "--runs", "1", "--warmup", "0",
            "--knowledge", RepoPaths.SeedKnowledge, "--questions", RepoPaths.SeedQuestions);

        Assert.True(code == 0, error);
        var vectors = JsonDocument.Parse(output).RootElement.GetProperty("serving").GetProperty("vectors");
        Assert.True(vectors.ValueKind == JsonValueKind.Object, error);
        if (approximate)
            // The seed page's passages are fewer than the index's search list: it finds the exhaustive search's ten.
            Assert.Equal(1.0, vectors.GetProperty("recallAt10").GetDouble());
        else
            Assert.False(vectors.TryGetProperty("recallAt10", out var recall) && recall.ValueKind != JsonValueKind.Null, vectors.ToString());
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

    [Fact]
    public async Task Bench_Keep_LeavesTheMadeCorpusAndIndex_ForServeOnlyRuns()
    {
        using var folder = new TempFolder();
        var kept = Path.Combine(folder.Path, "kept");
        var source = folder.WriteJsonl("source.jsonl", Enumerable.Range(1, 10).Select(n => (object)new
        {
            id = $"src{n}",
            text = string.Concat(Enumerable.Range(1, 4).Select(s => $"第{n}篇报道的第{s}句讲述了城市里的一件新闻，相关部门作出了回应。")),
        }).ToArray());

        var (code, _, error) = await HarnessRun.RunAsync("", "bench", "--json", "--same-process", "--runs", "1", "--warmup", "0",
            "--knowledge", source, "--scale", "30", "--keep", kept);

        Assert.True(code == 0, error);
        Assert.Equal(30, Directory.EnumerateFiles(Path.Combine(kept, "knowledge")).Sum(f => File.ReadLines(f).Count()));
        var (again, output, againError) = await HarnessRun.RunAsync("", "bench", "--serve-only", "--runs", "1", "--warmup", "0",
            "--knowledge", Path.Combine(kept, "knowledge"), "--index", Path.Combine(kept, "index"));
        Assert.True(again == 0, againError);
        Assert.DoesNotContain("not reused", againError);

        var (refused, _, refusal) = await HarnessRun.RunAsync("", "bench", "--knowledge", source, "--scale", "30", "--keep", kept);
        Assert.Equal(2, refused);
        Assert.Contains("not empty", refusal);
    }
}
