using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class BenchCommandTests
{
    [Fact]
    public async Task Bench_Json_ReportsBuildReopenLatencyAndThroughput()
    {
        var (code, output, error) = await HarnessRun.RunAsync("", "bench", "--json", "--runs", "1", "--warmup", "0",
            "--knowledge", RepoPaths.Knowledge, "--questions", RepoPaths.SeedQuestions);

        Assert.True(code == 0, error);
        var r = JsonDocument.Parse(output).RootElement;
        Assert.Equal(3, r.GetProperty("build").GetProperty("articles").GetInt32());
        Assert.True(r.GetProperty("build").GetProperty("milliseconds").GetDouble() > 0);
        Assert.True(r.GetProperty("reopenMs").GetDouble() > 0);
        Assert.Equal(11, r.GetProperty("questions").GetInt32());
        Assert.True(r.GetProperty("answer").GetProperty("p99").GetDouble() >= r.GetProperty("answer").GetProperty("median").GetDouble());
        Assert.True(r.GetProperty("answersPerSecond").GetDouble() > 0);
        Assert.True(r.GetProperty("servingPeakMegabytes").GetDouble() > 0);
        Assert.DoesNotContain("not reused", error);
    }
}
