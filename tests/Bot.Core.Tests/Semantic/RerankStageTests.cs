using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Semantic;

public sealed class RerankStageTests : IAsyncLifetime
{
    private const string Question = "青浦区和动物园最近有什么新闻？";
    private readonly TempFolder _folder = new();
    private FakeModelServer _model = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeModelServer.StartAsync();
        _folder.WriteJsonl("news.jsonl",
            new { id = "huawei", title = "华为青浦研发中心基本建成", text = "位于青浦区的华为研发中心已基本建成，将于今年投入使用。" },
            new { id = "panda", title = "大熊猫回到动物园", text = "两只大熊猫昨天回到上海动物园。游客可以在熊猫馆看到它们。" },
            new { id = "metro", title = "地铁票价调整", text = "本市地铁票价将从下月起调整。" });
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        _folder.Dispose();
    }

    private async Task<IReadOnlyList<string>> RankAsync(bool rerank)
    {
        var settings = rerank
            ? new Dictionary<string, string?> { ["Rerank:Endpoint"] = _model.Endpoint, ["Rerank:Model"] = "fake-rerank", ["Rerank:TimeoutSeconds"] = "30" }
            : null;
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, settings);
        using var lease = services.GetRequiredService<IKnowledgeStore>().Acquire();
        var ranked = await services.GetRequiredService<IRetriever>().RankArticlesAsync(lease.Snapshot, QuestionAnalyzer.Analyze(Question), 3);
        return ranked.Select(h => h.Article.Id).ToList();
    }

    [Fact]
    public async Task Reranker_OrdersTheFirstArticles()
    {
        var words = await RankAsync(rerank: false);
        var favoured = words[1];
        _model.RerankScores = (query, documents) =>
        {
            Assert.Equal(Question, query);
            return documents.Select(d => d.Contains(favoured == "panda" ? "熊猫" : "华为") ? 0.9 : 0.1).ToArray();
        };

        var reranked = await RankAsync(rerank: true);

        Assert.Equal(favoured, reranked[0]);
        Assert.Equal(1, _model.RerankCalls);
    }

    [Fact]
    public async Task RerankerFailing_LeavesTheWordOrder()
    {
        var words = await RankAsync(rerank: false);
        _model.FailAll = 500;

        var reranked = await RankAsync(rerank: true);

        Assert.Equal(words, reranked);
        Assert.Equal(1, _model.RerankCalls);
    }
}
