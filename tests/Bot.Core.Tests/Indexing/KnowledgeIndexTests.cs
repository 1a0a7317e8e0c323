using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Indexing;

public sealed class KnowledgeIndexTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    private KnowledgeSnapshot Snapshot => seed.Services.GetRequiredService<IKnowledgeStore>().Current;

    [Theory]
    [InlineData("市委季度工作会议上，哪些单位先后发言？", "以比学赶超劲头全力抓好开局起步")]
    [InlineData("龚正对参事们提出了什么希望？", "参事座谈会")]
    [InlineData("南虹桥签约了多少家企业？", "19个重点项目集中签约南虹桥")]
    [InlineData("上海交通大学副校长是谁？", "19个重点项目集中签约南虹桥")]
    public async Task SearchArticles_SeedQuestion_RanksTheRightArticleFirst(string question, string titlePart)
    {
        var hits = await Retriever.WithDefaultStages(RankingWeights.Default).RankArticlesAsync(Snapshot, QuestionAnalyzer.Analyze(question), 3);

        Assert.Contains(titlePart, hits[0].Article.Title);
    }

    [Theory]
    [InlineData("C919")]
    [InlineData("6.0版")]
    [InlineData("94%")]
    public void SearchPassages_LatinWordsAndNumbers_AreSearchable(string query)
    {
        var hits = Snapshot.Index.SearchPassages(QuestionAnalyzer.Analyze(query), 1);

        Assert.Contains(query.TrimEnd('%', '版'), Assert.Single(hits).Passage.Text);
    }

    [Fact]
    public void SearchPassages_PassagesKnowTheirArticleFileAndPosition()
    {
        var hit = Snapshot.Index.SearchPassages(QuestionAnalyzer.Analyze("崇明区 第一书记"), 1)[0];

        Assert.Equal("xinmin-2024-01-page.txt", hit.Passage.Article.SourcePath);
        Assert.EndsWith("#1", hit.Passage.Article.Id);
        Assert.Contains("第一书记", hit.Passage.Text);
        Assert.Same(hit.Passage, Snapshot.Passages[hit.Passage.Ordinal]);
    }
}

public sealed class KnowledgeIndexConcurrencyTests(SeedKnowledge seed) : IClassFixture<SeedKnowledge>
{
    [Fact]
    public async Task Search_FromManyThreadsAtOnce_GivesTheSameResultsAsOneByOne()
    {
        var index = seed.Services.GetRequiredService<IKnowledgeStore>().Current.Index;
        string[] questions = ["华为青浦研发中心建得怎么样了？", "上海交通大学副校长是谁？", "龚正对参事们提出了什么希望？", "崇明区 第一书记", "C919"];
        string Signature(string q) => string.Join("|", index.SearchPassages(QuestionAnalyzer.Analyze(q), 10).Select(h => $"{h.Passage.Ordinal}:{h.Score:F4}"));
        var expected = questions.ToDictionary(q => q, Signature);

        var mismatches = 0;
        await Parallel.ForAsync(0, 400, new ParallelOptions { MaxDegreeOfParallelism = 8 }, (i, _) =>
        {
            var q = questions[i % questions.Length];
            if (Signature(q) != expected[q])
                Interlocked.Increment(ref mismatches);
            return ValueTask.CompletedTask;
        });

        Assert.Equal(0, mismatches);
    }
}

public sealed class KnowledgeIndexRerankTests
{
    [Fact]
    public async Task SearchArticles_ArticleSayingTheQuestionInOnePlace_BeatsOneThatScattersItsWords()
    {
        // "scattered" names every word of the question twice, but never two of them in neighbouring sentences, and wins
        // on BM25 alone; "together" says the question's sentence once, among other words.
        const string scattered = "新能源，新能源。天气晴。汽车，汽车。天气晴。出口，出口。天气晴。增长，增长。";
        const string together = "在全球市场需求持续恢复的背景下，国内龙头企业的新能源汽车出口增长了1.6倍。会场外排起了长队。";
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl",
            new { id = "scattered", title = "", text = scattered },
            new { id = "together", title = "", text = together },
            new { id = "other", title = "", text = "城市公园今天开放。游客很多。" });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;

        var hits = await Retriever.WithDefaultStages(RankingWeights.Default).RankArticlesAsync(snapshot, QuestionAnalyzer.Analyze("新能源汽车出口增长了多少？"), 3);

        Assert.True(hits[0].Article.Id == "together", string.Join(", ", hits.Select(h => $"{h.Article.Id} {h.Score:F3}")));
    }
}
