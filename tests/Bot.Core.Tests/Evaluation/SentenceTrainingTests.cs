using Bot.Core.Evaluation;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Evaluation;

public sealed class SentenceTrainingTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteJsonl("news.jsonl",
            new { id = "a", title = "临港新片区新增两家研究院", date = "2024-01-06", text = "临港新片区昨天新增两家研究院。两家研究院共引进科研人员约三百名。首批项目已经启动。" },
            new { id = "b", title = "崇明生态岛建设", date = "2024-01-08", text = "崇明区农业绿色发展指数全国第一。生态环保群众满意度全市第一。" });
        _services = await CoreFactory.LoadedAsync(_folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    [Fact]
    public async Task Collect_LabelsTheCandidatesThatHoldAGoldAnswer()
    {
        var training = _services.GetRequiredService<SentenceTraining>();
        EvalQuestion[] questions =
        [
            new("q1", "两家研究院共引进多少科研人员？", null, ["三百名"], null),
            new("q2", "明天天气怎么样？", null, [], null),
            new("q3", null, ["临港新增了什么？", "有多少人？"], ["三百名"], null),
        ];

        var groups = await training.CollectAsync(questions);

        var group = Assert.Single(groups);
        Assert.Equal("q1", group.QuestionId);
        Assert.Equal(group.Features.Count, group.HoldsAnswer.Count);
        Assert.Equal(1, group.HoldsAnswer.Count(h => h));
        Assert.True(group.Answerable);
        Assert.True(group.BestHoldsAnswer(SentenceModel.Default));
        // Fitting sees every feature, those the shipped weights leave out included.
        Assert.Contains(group.Features, f => f.OwnWords > 0);
    }

    [Fact]
    public void TopHit_CountsTheQuestionsWhoseBestSentenceHoldsTheAnswer()
    {
        var strong = new SentenceFeatures(1, 1, 1, 1, 1, 1, 1, 1, 1, 1);
        var weak = default(SentenceFeatures);
        SentenceGroup[] groups =
        [
            new("right", [weak, strong], [false, true]),
            new("wrong", [strong, weak], [false, true]),
        ];

        Assert.Equal(0.5, SentenceTraining.TopHit(groups, SentenceModel.Default));
        var inverted = new SentenceModel { Weights = new Dictionary<string, double> { ["Words"] = -1 } };
        Assert.Equal(0.5, SentenceTraining.TopHit(groups, inverted));
        Assert.False(groups[0].BestHoldsAnswer(inverted));
        Assert.True(groups[1].BestHoldsAnswer(inverted));
    }
}
