using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Search;

public sealed class TiedScoresTests
{
    // Two outlets' copies of one report score alike. Their order must not be the index's document order, which a build
    // on several cores leaves to its threads: the same knowledge then gave other answers after each rebuild.
    [Fact]
    public async Task Candidates_ThatScoreAlike_AreInArticleOrder_NotInTheOrderIndexed()
    {
        using var folder = new TempFolder();
        const string text = "星宇图书馆今天正式开放，馆藏图书十万册。";
        folder.WriteJsonl("news.jsonl",
            new { id = "zeta", title = "星宇图书馆开放", text },
            new { id = "alpha", title = "星宇图书馆开放", text },
            new { id = "other", title = "公园修缮", text = "第三号公园修缮完成。" });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
        var question = QuestionAnalyzer.Analyze("星宇图书馆开放了吗？");

        var ranked = snapshot.Index.Candidates(question, RankingWeights.Default);
        var passages = snapshot.Index.SearchPassages(question, 10);

        Assert.Equal(ranked[0].Score, ranked[1].Score);
        Assert.Equal(["alpha", "zeta"], ranked.Take(2).Select(h => h.Article.Id));
        Assert.Equal(["alpha", "zeta"], passages.Take(2).Select(h => h.Passage.Article.Id));
    }
}
