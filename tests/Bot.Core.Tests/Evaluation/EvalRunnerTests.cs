using Bot.Core.Evaluation;
using Bot.Core.Knowledge;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Evaluation;

public sealed class EvalRunnerTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    [Fact]
    public async Task Run_SeedDevSet_AnswersInScopeAndDeclinesOutOfScope()
    {
        var questions = EvalQuestion.ReadFile(RepoPaths.SeedQuestions);
        var runner = new EvalRunner(seed.Services.Answerer(), seed.Services.GetRequiredService<IKnowledgeStore>());

        var results = await runner.RunAsync(questions);
        var summary = EvalSummary.From(results, 0, 3);

        Assert.All(results, r => Assert.True(r.Correct, $"{r.Id}: {r.Question} -> {r.Answer}"));
        Assert.Equal(1.0, summary.Accuracy);
        Assert.Equal(1.0, summary.Declined);
        Assert.Equal(1.0, summary.ConversationAccuracy);
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
}
