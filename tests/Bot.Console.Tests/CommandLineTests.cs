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

    [Fact]
    public async Task UnknownOption_IsBadUsage_NamingIt_AndNothingIsAnswered()
    {
        // A mistyped --json used to be ignored, the answer printed as text.
        var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--jsn", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory", "华为青浦研发中心建得怎么样了？");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("Unknown option '--jsn' for ask.", error);
    }

    [Fact]
    public async Task OptionOfAnotherCommand_IsBadUsage()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "sources", "--split", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(2, code);
        Assert.StartsWith("Unknown option '--split' for sources.", error);
    }

    [Fact]
    public async Task HelpAfterACommand_PrintsUsage_WithoutRunningIt()
    {
        var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--help");

        Assert.Equal(0, code);
        Assert.Contains("usage: bot <command>", output);
        Assert.Equal("", error);
    }

    [Theory]
    [InlineData("--index")]
    [InlineData("--knowledge")]
    public async Task EmptyPathOption_IsNamed(string option)
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "sources", option, "");

        Assert.Equal(2, code);
        Assert.StartsWith($"{option} takes a ", error);
        Assert.Contains("not an empty value", error);
    }

    [Fact]
    public async Task ServingOptionOutOfRange_IsSaidBeforeTheBuild()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "bench", "--runs", "0", "--knowledge", RepoPaths.SeedKnowledge);

        Assert.Equal(2, code);
        Assert.StartsWith("--runs takes a whole number from 1 to 100", error);
        Assert.DoesNotContain("bench:", error);
    }

    [Fact]
    public async Task FlagGivenAValue_IsBadUsage()
    {
        // "--json=true" was taken for a valued option nobody reads, and the answer came as text.
        var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--json=true", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory", "问题？");

        Assert.Equal(2, code);
        Assert.Equal("", output);
        Assert.StartsWith("--json takes no value: write --json, not --json=true.", error);
    }

    [Fact]
    public async Task EmptySentenceModel_IsNamed()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "sources", "--sentence-model", "", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(2, code);
        Assert.StartsWith("--sentence-model takes a model file written by fit, not an empty value.", error);
    }
}
