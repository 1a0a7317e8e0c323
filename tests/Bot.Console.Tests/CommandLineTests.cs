using Bot.TestSupport;

namespace Bot.Console.Tests;

public sealed class CommandLineTests
{
    [Fact]
    public async Task NoCommand_PrintsUsage_AndExitsTwo()
    {
        var (code, output, error) = await HarnessRun.RunAsync("");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.Contains("usage: bot <command>", error);
    }

    [Fact]
    public async Task Help_PrintsUsage_AndExitsZero()
    {
        var (code, output, _) = await HarnessRun.RunAsync("", "--help");

        Assert.Equal(0, code);
        Assert.Contains("usage: bot <command>", output);
    }

    [Fact]
    public async Task Top_NotANumber_IsNamedAsTheOptionTyped()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "ask", "--top", "abc", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory", "问题？");

        Assert.Equal(2, code);
        var line = Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("--top ", line);
        Assert.Contains("'abc'", line);
    }
}
