using Bot.Core.Answering;
using Bot.Core.Evaluation;
using Bot.Core.Indexing;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Evaluation;

public sealed class ContextFitTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    [Fact]
    public void IsHeld_DependsOnTheIdAloneAndSplitsAboutHalf()
    {
        var ids = Enumerable.Range(0, 1000).Select(i => $"q{i}").ToList();

        var first = ids.Select(ContextFit.IsHeld).ToList();
        var again = ids.AsEnumerable().Reverse().Select(ContextFit.IsHeld).Reverse().ToList();

        Assert.Equal(first, again);
        Assert.InRange(first.Count(h => h), 400, 600);
    }

    [Theory]
    [InlineData("fixture-1", false)]
    [InlineData("fixture-2", true)]
    [InlineData("crud-1doc-64fa9b27b82641eb8ecbe17a-q6", false)]
    [InlineData("TRIAL_589_QUERY_1", false)]
    public void IsHeld_IsTheSameOnEveryRunAndMachine(string id, bool held) =>
        Assert.Equal(held, ContextFit.IsHeld(id));

    [Fact]
    public async Task Run_FitsOnOneHalfAndMeasuresTheOther()
    {
        var questions = EvalQuestion.ReadFile(RepoPaths.SeedQuestions);
        var drafts = new List<(EvalQuestion, AnswerDraft?)>();
        await seed.Services.GetRequiredService<EvalRunner>().RunAsync(questions, drafts: drafts);
        var fit = new ContextFit(seed.Services.GetRequiredService<ContextBuilder>(), seed.Services.GetRequiredService<IKnowledgeStore>());

        var split = fit.Run(drafts, new ContextSetting(3000, 10), targetRecall: 1.0);

        var inScope = questions.Where(q => q.InScope && !q.IsConversation).ToList();
        Assert.Equal(inScope.Count(q => !ContextFit.IsHeld(q.Id)), split.FittedFit.Questions);
        Assert.Equal(inScope.Count(q => ContextFit.IsHeld(q.Id)), split.FittedHeld.Questions);
        Assert.True(split.TargetReached);
        Assert.Equal(1.0, split.FittedFit.Recall);
        // The smallest median that holds every answer is no larger than the configured budget's.
        Assert.True(split.FittedFit.MedianChars <= split.ConfiguredFit.MedianChars);
        Assert.Equal(split.FittedFit.Setting, split.FittedHeld.Setting);
    }
}
