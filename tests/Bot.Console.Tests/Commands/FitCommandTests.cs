using Bot.Core.Search;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class FitCommandTests
{
    [Fact]
    public async Task Fit_WritesAModelThatEvalCanUse()
    {
        using var folder = new TempFolder();
        var model = Path.Combine(folder.Path, "model.json");

        var (code, output, error) = await HarnessRun.RunAsync("", "fit", RepoPaths.SeedQuestions, "--out", model, "--knowledge", RepoPaths.SeedKnowledge);

        Assert.True(code == 0, error);
        Assert.Contains("held out", output);
        var fitted = SentenceModel.FromJson(File.ReadAllText(model));
        Assert.Equal(SentenceFeatures.Names, fitted.Weights.Keys);
        Assert.Contains("bot fit questions.jsonl", fitted.Provenance["command"]);

        var (evalCode, evalOutput, evalError) = await HarnessRun.RunAsync("", "eval", RepoPaths.SeedQuestions, "--sentence-model", model, "--knowledge", RepoPaths.SeedKnowledge);
        Assert.True(evalCode == 0, evalError);
        Assert.Contains("accuracy", evalOutput);
    }

    [Fact]
    public async Task Eval_BrokenSentenceModel_ExitsTwoNamingTheOption()
    {
        using var folder = new TempFolder();
        var model = folder.Write("model.json", """{"weights":{"Colour":1}}""");

        var (code, _, error) = await HarnessRun.RunAsync("", "eval", RepoPaths.SeedQuestions, "--sentence-model", model, "--knowledge", RepoPaths.SeedKnowledge);

        Assert.Equal(2, code);
        Assert.Contains("--sentence-model", error);
        Assert.Contains("Colour", error);
    }
}
