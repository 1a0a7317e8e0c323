using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class EvalCompareTests
{
    [Fact]
    public async Task Compare_PrintsWordsAloneAndWithEmbeddings_SideBySide()
    {
        await using var model = await FakeModelServer.StartAsync();
        using var folder = new TempFolder();
        var questions = folder.Write("q.jsonl", """
            {"id":"en-1","question":"How is the Huawei research center in Qingpu going?","answers":["基本建成"]}
            {"id":"zh-1","question":"华为青浦研发中心建得怎么样了？","answers":["基本建成"]}
            """);
        var settings = new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "openai",
            ["Embeddings:Endpoint"] = model.Endpoint,
            ["Embeddings:Model"] = "fake-concepts",
        };

        var (code, output, error) = await HarnessRun.RunWithSettingsAsync("", settings, "eval", questions, "--compare", "--json", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.True(code == 0, error);
        var both = JsonDocument.Parse(output).RootElement;
        Assert.Equal(0.5, both.GetProperty("words").GetProperty("accuracy").GetDouble());
        Assert.Equal(1.0, both.GetProperty("semantic").GetProperty("accuracy").GetDouble());

        var (textCode, text, _) = await HarnessRun.RunWithSettingsAsync("", settings, "eval", questions, "--compare", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");
        Assert.Equal(0, textCode);
        Assert.Contains("words alone", text);
        Assert.Contains("with embeddings fake-concepts", text);
    }

    [Fact]
    public async Task Compare_WithoutAModel_SaysThereIsNothingToCompare()
    {
        var (code, _, error) = await HarnessRun.RunAsync("", "eval", RepoPaths.SeedQuestions, "--compare", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(2, code);
        Assert.Contains("Embeddings:Provider", error);
    }
}
