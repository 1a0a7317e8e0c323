using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Search;

public sealed class PostingsBudgetTests
{
    // 120 articles about library events; one of them names the 星宇 library. Past 100 documents a term's share is
    // checked, so the common words stay (each is in about a fifth of the articles), and their postings are long.
    private static async Task<ServiceProvider> LoadAsync(TempFolder folder)
    {
        folder.WriteJsonl("news.jsonl", Enumerable.Range(1, 120).Select(i => (object)new
        {
            id = i == 7 ? "xingyu" : $"a{i}",
            title = i == 7 ? "星宇图书馆" : $"第{i}期新闻",
            text = i == 7 ? "星宇图书馆今天开放。" : i % 5 == 0 ? $"图书馆开放第{i}天，读者很多。" : $"第{i}号公园修缮完成。",
        }).ToArray());
        return await CoreFactory.LoadedAsync(folder.Path);
    }

    // The candidates of one question under a budget, over the articles above.
    private static async Task<List<ArticleHit>[]> CandidatesAsync(params RankingWeights[] weights)
    {
        using var folder = new TempFolder();
        await using var services = await LoadAsync(folder);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
        var question = QuestionAnalyzer.Analyze("星宇图书馆开放了吗？");
        return weights.Select(w => snapshot.Index.Candidates(question, w)).ToArray();
    }

    [Fact]
    public async Task Candidates_OverTheBudget_ReadTheRarestClausesOnly()
    {
        var hits = await CandidatesAsync(RankingWeights.Default with { MaxQueryPostings = long.MaxValue }, RankingWeights.Default with { MaxQueryPostings = 4 });
        var (unbounded, bounded) = (hits[0], hits[1]);

        Assert.True(unbounded.Count > 10, $"{unbounded.Count} candidates without a budget");
        Assert.Equal("xingyu", unbounded[0].Article.Id);
        Assert.Equal("xingyu", Assert.Single(bounded).Article.Id);
    }

    [Fact]
    public async Task Candidates_WithinTheBudget_AreThoseOfNoBudget()
    {
        var hits = await CandidatesAsync(RankingWeights.Default with { MaxQueryPostings = long.MaxValue }, RankingWeights.Default);
        var (unbounded, byDefault) = (hits[0], hits[1]);

        Assert.Equal(unbounded.Select(h => (h.Article.Id, h.Score)), byDefault.Select(h => (h.Article.Id, h.Score)));
    }
}
