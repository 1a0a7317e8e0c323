using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.Core.Time;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Search;

public sealed class DateRangeSearchTests
{
    private static readonly DateRange FirstWeek = new(new(2024, 1, 1), new(2024, 1, 7));

    private static async Task<ServiceProvider> LoadAsync(TempFolder folder)
    {
        folder.WriteJsonl("news.jsonl",
            new { id = "outside", title = "星宇图书馆正式开放", text = "星宇图书馆正式开放，馆藏图书十万册，市民可免费借阅。", date = "2024-01-09" },
            new { id = "inside", title = "社区新闻", text = "星宇图书馆开始试运行，首批开放阅览室。", date = "2024-01-03" },
            new { id = "undated", title = "星宇图书馆正式开放迎客", text = "星宇图书馆正式开放，馆藏图书十万册。" });
        return await CoreFactory.LoadedAsync(folder.Path);
    }

    [Fact]
    public async Task Candidates_OfAScopedQuestion_AreOnlyThoseDatedInRange()
    {
        using var folder = new TempFolder();
        await using var services = await LoadAsync(folder);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
        var question = QuestionAnalyzer.Analyze("星宇图书馆正式开放了吗？");

        var unscoped = snapshot.Index.Candidates(question, RankingWeights.Default);
        var scoped = snapshot.Index.Candidates(question with { Within = FirstWeek }, RankingWeights.Default);
        var passages = snapshot.Index.SearchPassages(question with { Within = FirstWeek }, 10);

        Assert.Equal(3, unscoped.Count);
        Assert.Equal("inside", Assert.Single(scoped).Article.Id);
        Assert.All(passages, p => Assert.Equal("inside", p.Passage.Article.Id));
    }

    [Fact]
    public async Task CandidatesWithin_InOneSearch_GiveWhatTheScopedAndUnscopedSearchesGive()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl", Enumerable.Range(1, 40).Select(i => (object)new
        {
            id = $"a{i}",
            title = $"星宇图书馆第{i}期活动",
            text = $"星宇图书馆举办第{i}期读书活动，{new string('书', i % 7)}吸引市民{i * 10}人参加。阅览室开放时间延长。",
            date = $"2024-01-{i % 28 + 1:00}",
        }).ToArray());
        await using var services = await CoreFactory.LoadedAsync(folder.Path);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
        var question = QuestionAnalyzer.Analyze("星宇图书馆读书活动吸引多少市民参加？") with { Within = FirstWeek };
        var weights = RankingWeights.Default with { CandidatePool = 5 };

        var (inRange, anywhere, _) = snapshot.Index.CandidatesWithin(question, weights, 3);

        var scoped = snapshot.Index.Candidates(question, weights);
        var unscoped = snapshot.Index.Candidates(question with { Within = null }, weights);
        Assert.NotEmpty(scoped);
        Assert.All(inRange, h => Assert.True(FirstWeek.Contains(h.Article.Date!.Value)));
        Assert.Contains(anywhere, h => !FirstWeek.Contains(h.Article.Date!.Value));
        Assert.Equal(scoped.Select(h => (h.Article.Id, h.Score, h.Passages.Count)), inRange.Select(h => (h.Article.Id, h.Score, h.Passages.Count)));
        Assert.Equal(unscoped.Select(h => (h.Article.Id, h.Score, h.Passages.Count)), anywhere.Select(h => (h.Article.Id, h.Score, h.Passages.Count)));
    }

    [Fact]
    public async Task UndatedLeftOut_CountsUndatedArticlesThatWouldHaveRanked()
    {
        using var folder = new TempFolder();
        await using var services = await LoadAsync(folder);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
        var question = QuestionAnalyzer.Analyze("星宇图书馆正式开放了吗？");

        Assert.Equal(1, snapshot.Index.UndatedLeftOut(question with { Within = FirstWeek }, RankingWeights.Default, 3));
        Assert.Equal(0, snapshot.Index.UndatedLeftOut(question, RankingWeights.Default, 3));
        Assert.Equal(1, snapshot.Index.CandidatesWithin(question with { Within = FirstWeek }, RankingWeights.Default, 3).UndatedLeftOut);
        Assert.Equal(0, snapshot.Index.CandidatesWithin(question with { Within = FirstWeek }, RankingWeights.Default, 0).UndatedLeftOut);
    }

    [Fact]
    public async Task Candidates_OfAFactsPeriod_PreferThatPeriodWithoutLeavingOthersOut()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl",
            new { id = "2022", title = "新增装机规模", text = "上半年新增装机规模为一千万千瓦。", date = "2022-07-15" },
            new { id = "2023", title = "新增装机规模", text = "上半年新增装机规模为一千万千瓦。", date = "2023-07-15" });
        await using var services = await CoreFactory.LoadedAsync(folder.Path);
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
        var question = QuestionAnalyzer.Analyze("上半年新增装机规模为多少？") with { Period = new DateRange(new(2023, 1, 1), new(2023, 6, 30)) };

        var ranked = snapshot.Index.Candidates(question, RankingWeights.Default);

        Assert.Equal(["2023", "2022"], ranked.Select(h => h.Article.Id));
    }

    [Fact]
    public void Update_OfAnIndexBuiltBeforeDatesWereIndexed_RebuildsIt()
    {
        var article = new Bot.Core.Knowledge.Article("a", "星宇图书馆", ["星宇图书馆正式开放。"], "a.md", new DateOnly(2024, 1, 3));
        var load = new Bot.Core.Knowledge.KnowledgeLoadResult([article], ["a.md"], [], []) { FileHashes = new Dictionary<string, string> { ["a.md"] = "h" } };
        var (_, catalog) = KnowledgeSnapshotFactory.Cut(load, 200);
        using var directory = new Lucene.Net.Store.RAMDirectory();
        using var writer = new Lucene.Net.Index.IndexWriter(directory, KnowledgeIndex.WriterConfig(Lucene.Net.Index.OpenMode.CREATE_OR_APPEND));
        KnowledgeIndex.Update(writer, load, catalog, "analysis3-format3-passage200", CancellationToken.None);

        var changes = KnowledgeIndex.Update(writer, load, catalog, KnowledgeSnapshotFactory.IndexVersion(200), CancellationToken.None);

        Assert.True(changes.Rebuilt);
        Assert.Contains("format4", KnowledgeSnapshotFactory.IndexVersion(200));
    }
}
