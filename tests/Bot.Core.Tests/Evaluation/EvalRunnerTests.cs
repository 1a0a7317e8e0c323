using Bot.Core.Evaluation;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Evaluation;

public sealed class EvalRunnerTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    [Fact]
    public async Task Run_SeedDevSet_AnswersInScopeAndDeclinesOutOfScope()
    {
        var questions = EvalQuestion.ReadFile(RepoPaths.SeedQuestions);
        var runner = seed.Services.GetRequiredService<EvalRunner>();

        var results = await runner.RunAsync(questions);
        var summary = EvalSummary.From(results, 0, 3);

        Assert.All(results, r => Assert.True(r.Correct, $"{r.Id}: {r.Question} -> {r.Answer}"));
        Assert.Equal(1.0, summary.Accuracy);
        Assert.Equal(1.0, summary.Declined);
        Assert.Equal(1.0, summary.ConversationAccuracy);
        // The context an LLM would read holds every in-scope answer, within its budget.
        Assert.Equal(1.0, summary.ContextRecall);
        Assert.InRange(summary.MedianContextChars, 100, 3000);
    }

    [Fact]
    public void Summary_RanksAndShares_AreComputedFromResults()
    {
        EvalResult R(int? rank, bool correct, bool answered, params string[] gold) => new("q", "q", gold, "a", answered, correct, rank, 1, false);
        var summary = EvalSummary.From([R(1, true, true, "x"), R(3, false, true, "x"), R(0, false, false, "x"), R(null, true, false)], 10, 5);

        Assert.Equal(3, summary.WithDocIds);
        Assert.Equal(0.3333, summary.HitAt1);
        Assert.Equal(0.6667, summary.HitAt5);
        Assert.Equal(Math.Round((1 + 1.0 / 3) / 3, 4), summary.MrrAt10);
        Assert.Equal(0.3333, summary.Accuracy);
        Assert.Equal(0.3333, summary.WronglyDeclined);
        Assert.Equal(1.0, summary.Declined);
    }

    [Fact]
    public void Summary_ContextRecall_IsTheShareOfInScopeQuestionsWhoseContextHoldsAnAnswer()
    {
        EvalResult R(bool? holds, int chars) => new("q", "q", holds is null ? [] : ["x"], "a", true, true, null, 1, false) { ContextHoldsAnswer = holds, ContextChars = chars };

        var summary = EvalSummary.From([R(true, 1000), R(false, 3000), R(true, 2000), R(null, 0)], 10, 5);

        Assert.Equal(0.6667, summary.ContextRecall);
        Assert.Equal(2000, summary.MedianContextChars);
    }

    [Fact]
    public void Summary_AnswerInTopArticle_IsTheShareOfQuestionsWhereItIsKnown()
    {
        EvalResult R(bool? inTop) => new("q", "q", ["x"], "a", true, true, 2, 1, false) { AnswerInTopArticle = inTop };

        var summary = EvalSummary.From([R(true), R(false), R(true), R(null)], 10, 5);

        Assert.Equal(0.6667, summary.AnswerInTopArticle);
    }

    [Fact]
    public void Summary_ReportsAnswerLength_SourcesCited_AndEachWayOfBeingWrong()
    {
        EvalResult R(bool inScope, bool answered, string answer, int sources, int cited) =>
            new("q", "q", inScope ? ["x"] : [], answer, answered, answered == inScope, null, 1, false) { Sources = sources, SourcesCited = cited };

        var summary = EvalSummary.From(
            [R(true, true, "12345", 2, 1), R(true, true, "123", 1, 1), R(true, false, "没有", 0, 0), R(false, true, "1234567", 1, 1), R(false, false, "没有", 0, 0)], 10, 5);

        Assert.Equal(5, summary.MedianAnswerChars);
        Assert.Equal(1.333, summary.SourcesPerAnswer);
        Assert.Equal(0.75, summary.SourcesCited);
        Assert.Equal(1, summary.DeclinedWhenAnswerable);
        Assert.Equal(1, summary.AnsweredWhenAbsent);
    }

    [Fact]
    public async Task Run_NearDuplicateOutranksTheLabelledArticle_CountsAsMissButHoldsTheAnswer()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl",
            new { id = "copy", title = "台风杜苏芮登陆福建", text = "台风杜苏芮28日上午在福建晋江沿海登陆。" },
            new { id = "labelled", title = "", text = "据报道，台风杜苏芮28日上午在福建晋江沿海登陆，登陆时中心附近最大风力15级。" },
            new { id = "other", title = "城市公园开放", text = "城市公园今天开放，游客很多。" });
        using var questionFolder = new TempFolder();
        var questions = questionFolder.WriteJsonl("q.jsonl",
            new { id = "q1", question = "台风杜苏芮在哪里登陆？", answers = new[] { "福建晋江" }, doc_ids = new[] { "labelled" } });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);
        var runner = services.GetRequiredService<EvalRunner>();

        var result = Assert.Single(await runner.RunAsync(EvalQuestion.ReadFile(questions)));

        Assert.Equal(2, result.GoldRank);
        Assert.True(result.AnswerInTopArticle);
    }
}
