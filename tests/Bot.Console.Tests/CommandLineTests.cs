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

    // Each is one line naming what was typed, exit 2, before anything is loaded or answered.
    [Theory]
    // A mistyped --json used to be ignored, the answer printed as text.
    [InlineData("Unknown option '--jsn' for ask.", "ask", "--jsn")]
    [InlineData("Unknown option '--split' for sources.", "sources", "--split")]
    // "--json=true" was taken for a valued option nobody reads, and the answer came as text.
    [InlineData("--json takes no value: write --json, not --json=true.", "ask", "--json=true")]
    [InlineData("--index takes a folder or memory, not an empty value.", "sources", "--index", "")]
    [InlineData("--knowledge takes a folder or file, not an empty value.", "sources", "--knowledge", "")]
    [InlineData("--sentence-model takes a model file written by fit, not an empty value.", "sources", "--sentence-model", "")]
    // Read by the serving run after the build, it used to be said only then.
    [InlineData("--runs takes a whole number from 1 to 100", "bench", "--runs", "0")]
    public async Task BadUsage_IsOneLineNamingIt(string expected, params string[] args)
    {
        string[] defaults = [.. args.Contains("--knowledge") ? [] : new[] { "--knowledge", RepoPaths.SeedKnowledge }, .. args.Contains("--index") ? [] : new[] { "--index", "memory" }];

        var (code, output, error) = await HarnessRun.RunAsync("", [.. args, .. defaults, .. args[0] == "ask" ? ["华为青浦研发中心建得怎么样了？"] : Array.Empty<string>()]);

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith(expected, error);
        Assert.DoesNotContain("bench:", error);
    }

    [Theory]
    [InlineData("ask", "--help")]
    [InlineData("ask", "-h")]
    [InlineData("ask", "-h", "南虹桥签约了多少个项目？")]
    public async Task HelpAfterACommand_PrintsUsage_WithoutRunningIt(params string[] args)
    {
        var (code, output, error) = await HarnessRun.RunAsync("", args);

        Assert.Equal(0, code);
        Assert.Contains("usage: bot <command>", output);
        Assert.Equal("", error);
    }
}
