using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class ContextBuilderTests(SeedKnowledge seed) : IAsyncLifetime, IClassFixture<SeedKnowledge>
{
    private const string Shared = "东方枢纽国际商务合作区首期开发面积为15.6平方公里，预计2025年底开放运营。";
    private const string Title = "合作区出入境政策解读";
    private const string Match = "东方枢纽国际商务合作区的境外人员可免签入区。";
    private const string After = "停留期限为30天，期满前可以在线申请延期一次。";
    private const string Later = "境外人员入区手续简便。";

    private readonly TempFolder _folder = new();
    private ServiceProvider _services = null!;

    public async Task InitializeAsync()
    {
        // Two reports of one story that share a sentence, a third that says more of it, and unrelated news.
        _folder.WriteJsonl("news.jsonl",
            new { id = "a", title = "东方枢纽国际商务合作区获批", date = "2024-01-05", text = Shared + "合作区位于浦东机场南侧。首批入驻企业已经签约。" },
            new { id = "b", title = "浦东东方枢纽建设提速", date = "2024-01-06", text = "记者昨天获悉，" + Shared + "合作区将实行便利的出入境政策。" },
            new { id = "c", title = Title, date = "2024-01-07", text = Match + After + Later },
            new { id = "d", title = "崇明生态岛建设", date = "2024-01-08", text = "崇明区农业绿色发展指数全国第一。生态环保群众满意度全市第一。" },
            new { id = "e", title = "上海邮轮经济", date = "2024-01-09", text = "国产首艘大型邮轮正式交付。邮轮将以上海为母港运营。" });
        _services = await CoreFactory.LoadedAsync(_folder.Path);
    }

    public async Task DisposeAsync()
    {
        await _services.DisposeAsync();
        _folder.Dispose();
    }

    private AnswerContext Build(string question, int budget) => Build(_services, question, budget);

    private static AnswerContext Build(IServiceProvider services, string question, int budget)
    {
        using var lease = services.GetRequiredService<IKnowledgeStore>().Acquire();
        return services.GetRequiredService<ContextBuilder>().BuildAsync(lease.Snapshot, QuestionAnalyzer.Analyze(question), budget).AsTask().GetAwaiter().GetResult();
    }

    [Fact]
    public void Build_SentenceInSeveralReports_IsGivenOnce()
    {
        var context = Build("东方枢纽国际商务合作区首期开发面积是多少？", 3000);

        var text = context.PlainText;
        Assert.Equal(1, Count(text, "首期开发面积为15.6平方公里"));
        // What the other reports add is still there.
        Assert.Contains("便利的出入境政策", text);
        Assert.Contains("免签入区", text);
    }

    [Fact]
    public void Build_DrawsOnSeveralArticles_StrongestFirst_EachBlockNamingItsArticle()
    {
        var context = Build("东方枢纽国际商务合作区的境外人员入区手续简便吗？", 3000);

        Assert.Equal("c", context.Blocks[0].Hit.Article.Id);
        Assert.True(context.Blocks.Count >= 2);
        foreach (var block in context.Blocks)
            Assert.All(Pieces(block.Text), piece => Assert.Contains(piece, block.Hit.Article.Body));
    }

    [Theory]
    [InlineData("上海交通大学副校长是谁？", 300)]
    [InlineData("上海交通大学副校长是谁？", 1000)]
    [InlineData("南虹桥签约了多少个项目？", 3000)]
    public void Build_StaysWithinTheBudget_WithWholeSentences(string question, int budget)
    {
        var context = Build(seed.Services, question, budget);

        Assert.True(context.Characters <= budget, $"{context.Characters} > {budget}");
        Assert.NotEmpty(context.Blocks);
        foreach (var block in context.Blocks)
        {
            Assert.All(Pieces(block.Text), piece =>
            {
                Assert.Contains(piece, block.Hit.Article.Body);
                Assert.Matches("[。！？”]$", piece);
            });
        }
    }

    [Fact]
    public void Build_SentenceAfterTheMatch_IsGivenWithIt()
    {
        // Room for the title, the matching sentence and the one after it (each sentence with room for a gap mark): the
        // shorter sentence that matches better ("境外人员入区") would take the room if the neighbour were not given first.
        var budget = Title.Length + Match.Length + 3 + After.Length + 3;

        var context = Build("东方枢纽国际商务合作区的境外人员可以免签入区吗？", budget);

        Assert.Equal("c", context.Blocks[0].Hit.Article.Id);
        Assert.Equal(Match + After, context.Blocks[0].Text);
    }

    private static IEnumerable<string> Pieces(string blockText) =>
        blockText.Split([" … ", "\n"], StringSplitOptions.RemoveEmptyEntries);

    private static int Count(string text, string part)
    {
        var count = 0;
        for (var i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal))
            count++;
        return count;
    }
}
