using Bot.TestSupport;
using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Bot.Core.Tests.Ranking;

public sealed class SentenceSelectorTests : IAsyncLifetime
{
    private readonly TempFolder _folder = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        _folder.WriteJsonl("news.jsonl",
            new { id = "a", title = "年度企业家评选揭晓", date = "2024-01-05", text = "本届评选共有三十名候选人参加。来自南汇的张卫国是远航船舶公司董事长。他被评为年度十佳创新企业家。颁奖仪式在浦东举行。" },
            new { id = "b", title = "临港新片区新增两家研究院", date = "2024-01-06", text = "临港新片区昨天新增两家研究院。两家研究院共引进科研人员约三百名。" },
            new { id = "c", title = "临港研究院落户", date = "2024-01-06", text = "据悉，临港新片区昨天新增两家研究院。研究院的首批项目已经启动，首期投入资金两亿元。" },
            new { id = "d", title = "崇明生态岛建设", date = "2024-01-08", text = "崇明区农业绿色发展指数全国第一。生态环保群众满意度全市第一。" },
            new { id = "e", title = "东岸新城楼宇党建", date = "2024-01-09", text = "东岸新城推进楼宇党建工作已有多年，今年先后举办读书会、分享会和志愿服务活动，邀请企业职工和周边居民共同参与，共建书屋在全区已经建成37家，还带动周边社区开展了一系列公益活动，受到企业和居民的普遍欢迎。" });
        _services = await CoreFactory.LoadedAsync(_folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    [Theory]
    [InlineData("临港新片区昨天新增了几家研究院？")]
    [InlineData("东岸新城的共建书屋建成了几家？")]
    [InlineData("崇明区的火星基地建成了几家？")]
    public async Task Find_RanksAndCoversAsRetrieveDoes_ButChoosesNoSentence(string question)
    {
        var retriever = _services.GetRequiredService<IRetriever>();
        using var lease = _services.GetRequiredService<IKnowledgeStore>().Acquire();
        var analyzed = QuestionAnalyzer.Analyze(question);

        var full = await retriever.RetrieveAsync(lease.Snapshot, analyzed, 3);
        var found = await retriever.FindAsync(lease.Snapshot, analyzed, 3);

        Assert.Equal(full.Articles.Select(a => a.Article.Id), found.Articles.Select(a => a.Article.Id));
        Assert.Equal(full.Coverage, found.Coverage, 9);
        Assert.Empty(found.Selected);
    }

    [Fact]
    public async Task Select_EllipticalAnswer_IsReadAfterTheSentenceNamingItsSubject()
    {
        var answer = await _services.Answerer().AnswerAsync("谁被评为年度十佳创新企业家？");

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal("来自南汇的张卫国是远航船舶公司董事长。他被评为年度十佳创新企业家。", answer.Text);
    }

    [Fact]
    public async Task Select_SecondSentence_SaysSomethingNewEvenFromAnotherReport()
    {
        var answer = await _services.Answerer().AnswerAsync("临港新片区昨天新增了几家研究院？");

        Assert.True(answer.Answered, answer.Text);
        // The two reports open with the same sentence: it is given once, and the second sentence adds to it.
        Assert.Equal(1, answer.Text.Split("新增两家研究院").Length - 1);
        Assert.Equal(2, answer.Text.Split('。', StringSplitOptions.RemoveEmptyEntries).Length);
    }

    [Fact]
    public async Task Select_FigureAsked_QuotesTheClausesThatHoldIt_NotTheWholeSentence()
    {
        // Clause answers are off by default (RankingWeights.ClauseMaxChars: they cost accuracy on the dev sets); on, here.
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, configure: s =>
            s.Replace(ServiceDescriptor.Singleton(RankingWeights.Default with { ClauseMaxChars = 60 })));
        var answer = await services.Answerer().AnswerAsync("东岸新城的共建书屋建成了几家？");

        Assert.True(answer.Answered, answer.Text);
        Assert.Contains("建成37家", answer.Text);
        Assert.DoesNotContain("受到企业和居民的普遍欢迎", answer.Text);
        Assert.DoesNotContain("东岸新城推进楼宇党建工作已有多年", answer.Text);
    }
}
