using Bot.Core.Evaluation;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class FeedbackCommandTests
{
    [Fact]
    public async Task Feedback_SummarisesRatings_AndExportsTheLetDownQuestionsAsAnEvalSet()
    {
        using var folder = new TempFolder();
        var db = Path.Combine(folder.Path, "feedback.db");
        using (var store = FeedbackStores.Open(db))
        {
            store.RecordAnswer(1, "明天北京天气怎么样？", "没有找到。", [], answered: false);
            var id = store.RecordAnswer(1, "南虹桥签约了多少个项目？", "…", ["a#2"], answered: true);
            store.Rate(1, id, 5, up: false);
        }
        var settings = new Dictionary<string, string?> { ["Feedback:Path"] = db };
        var export = Path.Combine(folder.Path, "questions.jsonl");

        var (code, output, error) = await HarnessRun.RunWithSettingsAsync("", settings, "feedback", "--knowledge", RepoPaths.SeedKnowledge);
        var (exportCode, _, _) = await HarnessRun.RunWithSettingsAsync("", settings, "feedback", "--export", export, "--knowledge", RepoPaths.SeedKnowledge);

        Assert.True(code == 0, error);
        Assert.Contains("answers   2 (1 declined)", output);
        Assert.Contains("👍 0  👎 1", output);
        Assert.Contains("明天北京天气怎么样？", output);
        Assert.Equal(0, exportCode);
        var questions = EvalQuestion.ReadFile(export);
        Assert.Equal(["明天北京天气怎么样？", "南虹桥签约了多少个项目？"], questions.Select(q => q.Question));
        Assert.All(questions, q => Assert.Empty(q.Answers!));
    }
}
