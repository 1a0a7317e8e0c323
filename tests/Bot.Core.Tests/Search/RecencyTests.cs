using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Search;

public sealed class RecencyTests
{
    [Fact]
    public async Task LatestNewsQuestion_NewerArticleWinsATie()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl",
            new { id = "old", title = "地铁新线开通", text = "地铁新线开通运营，沿线居民出行更方便。", date = "2023-03-01" },
            new { id = "new", title = "地铁新线开通", text = "地铁新线开通运营，沿线居民出行更方便。", date = "2024-01-10" },
            new { id = "mid", title = "地铁新线开通", text = "地铁新线开通运营，沿线居民出行更方便。", date = "2023-08-15" });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;

        var latest = await Retriever.WithDefaultStages(RankingWeights.Default).RankArticlesAsync(snapshot, QuestionAnalyzer.Analyze("最新的地铁新线开通消息是什么？"), 3);

        Assert.Equal(["new", "mid", "old"], latest.Select(h => h.Article.Id));
    }
}
