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
        Assert.Equal(3, r.GetProperty("build").GetProperty("articles").GetInt32());
        Assert.True(r.GetProperty("build").GetProperty("milliseconds").GetDouble() > 0);
        var serving = r.GetProperty("serving");
        Assert.True(serving.GetProperty("reopenMs").GetDouble() > 0);
        Assert.Equal(10, serving.GetProperty("questions").GetInt32());
        Assert.True(serving.GetProperty("answer").GetProperty("p99").GetDouble() >= serving.GetProperty("answer").GetProperty("median").GetDouble());
        Assert.True(serving.GetProperty("answersPerSecond").GetDouble() > 0);
        Assert.True(serving.GetProperty("peakMegabytes").GetDouble() > 0);
        Assert.DoesNotContain("not reused", error);
    }
}
