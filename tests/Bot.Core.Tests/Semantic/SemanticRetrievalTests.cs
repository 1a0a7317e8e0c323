using Bot.Core.Indexing;
using Bot.Core.Search;
using Bot.Core.Semantic;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Semantic;

public sealed class SemanticRetrievalTests : IAsyncLifetime
{
    private const string English = "How is the Huawei research center in Qingpu going?";
    private readonly TempFolder _folder = new();
    private FakeModelServer _model = null!;

    public async Task InitializeAsync()
    {
        _model = await FakeModelServer.StartAsync();
        SyntheticNews.WriteThreeStories(_folder);
    }

    public async Task DisposeAsync()
    {
        await _model.DisposeAsync();
        _folder.Dispose();
    }

    private Dictionary<string, string?> Embeddings(string index = "memory") => new()
    {
        ["Knowledge:IndexPath"] = index,
        ["Embeddings:Provider"] = "openai",
        ["Embeddings:Endpoint"] = _model.Endpoint,
        ["Embeddings:Model"] = "fake-concepts",
        // Generous: a loaded machine running every test project at once must not time a healthy call out.
        ["Embeddings:TimeoutSeconds"] = "30",
    };

    // With a fake clock moved on in steps, a call's timeout would pass while the call is still on the wire.
    private Dictionary<string, string?> SlowClock()
    {
        var settings = Embeddings();
        settings["Embeddings:TimeoutSeconds"] = "600";
        return settings;
    }

    private async Task<ServiceProvider> LoadedAsync(Dictionary<string, string?>? settings, ListLoggerProvider? logs = null)
    {
        var services = await CoreFactory.LoadedAsync(_folder.Path, settings, logs);
        if (services.GetService<VectorIndexer>() is { } indexer)
            await indexer.IndexAsync(services.GetRequiredService<IKnowledgeStore>().Current);
        return services;
    }

    [Fact]
    public async Task QuestionInAnotherLanguage_IsAnsweredOnlyWithEmbeddings()
    {
        await using var words = await LoadedAsync(null);
        await using var meaning = await LoadedAsync(Embeddings());

        var without = await words.Answerer().AnswerAsync(English);
        var with = await meaning.Answerer().AnswerAsync(English);

        Assert.False(without.Answered, without.Text);
        Assert.True(with.Answered, with.Text);
        Assert.Contains("华为研发中心已基本建成", with.Text);
        Assert.Equal("huawei", with.Sources[0].Id);
        Assert.Equal("base64", _model.LastEncoding);
    }

    [Fact]
    public async Task QuestionInAnotherLanguage_WithoutEmbeddings_SaysTheArticlesAreChinese_WithThemNothingChanges()
    {
        await using var words = await LoadedAsync(null);
        await using var meaning = await LoadedAsync(Embeddings());

        var without = await words.Answerer().AnswerAsync(English);
        var absent = await meaning.Answerer().AnswerAsync("What will the weather be in Tokyo tomorrow?");

        Assert.Contains("the articles are in Chinese", without.Text);
        Assert.Contains("embedding model", without.Text);
        Assert.DoesNotContain("Chinese", absent.Text);
    }

    [Fact]
    public async Task WithoutEmbeddings_RankingIsTheWordRanking()
    {
        await using var words = await LoadedAsync(null);
        var question = QuestionAnalyzer.Analyze("地铁票价怎么调整？");
        using var lease = words.GetRequiredService<IKnowledgeStore>().Acquire();

        var ranked = await words.GetRequiredService<IRetriever>().RankArticlesAsync(lease.Snapshot, question, 3);

        Assert.Null(words.GetService<VectorIndexer>());
        Assert.Equal(["metro"], ranked.Select(h => h.Article.Id).Take(1));
        Assert.All(ranked, h => Assert.Equal(0, h.Meaning));
        Assert.Equal(0, _model.EmbeddingCalls);
    }

    [Fact]
    public async Task Embeddings_FindByMeaningAnArticleTheWordsMiss()
    {
        await using var meaning = await LoadedAsync(Embeddings());
        using var lease = meaning.GetRequiredService<IKnowledgeStore>().Acquire();

        var ranked = await meaning.GetRequiredService<IRetriever>().RankArticlesAsync(lease.Snapshot, QuestionAnalyzer.Analyze("Is there news about a panda at the zoo?"), 3);

        Assert.Equal("panda", ranked[0].Article.Id);
        Assert.True(ranked[0].Meaning > 0.5, ranked[0].Meaning.ToString());
    }

    [Fact]
    public async Task EndpointFailing_AnswersByWords_WithOneWarning()
    {
        _model.FailAll = 500;
        var logs = new ListLoggerProvider();
        await using var services = await LoadedAsync(Embeddings(), logs);

        var first = await services.Answerer().AnswerAsync("地铁票价怎么调整？");
        var second = await services.Answerer().AnswerAsync("华为青浦研发中心建得怎么样了？");

        Assert.True(first.Answered, first.Text);
        Assert.Contains("票价", first.Text);
        Assert.True(second.Answered, second.Text);
        Assert.Single(logs.Lines, l => l.Contains("embedding model is unavailable"));
        Assert.False(logs.Lines.Any(l => l.StartsWith("Error")), string.Join("\n", logs.Lines));
    }

    [Fact]
    public async Task ApiKey_NeverReachesTheLog()
    {
        _model.FailAll = 401;
        var logs = new ListLoggerProvider();
        var settings = Embeddings();
        settings["Embeddings:ApiKey"] = "sk-fake-secret-4242";

        await using var services = await LoadedAsync(settings, logs);
        await services.Answerer().AnswerAsync(English);

        Assert.Contains(logs.Lines, l => l.Contains("embedding model is unavailable"));
        Assert.DoesNotContain(logs.Lines, l => l.Contains("sk-fake-secret-4242"));
    }

    [Fact]
    public async Task EndpointTooSlow_AnswersByWordsWithinTheTimeout()
    {
        var settings = Embeddings();
        settings["Embeddings:TimeoutSeconds"] = "2";
        await using var services = await LoadedAsync(settings);
        _model.Delay = TimeSpan.FromSeconds(10);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var answer = await services.Answerer().AnswerAsync("地铁起步价是多少？");

        Assert.True(answer.Answered, answer.Text);
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 8);
    }

    [Fact]
    public async Task WrongDimensions_AreNotUsed_AndTheBotStillAnswers()
    {
        await using var services = await LoadedAsync(Embeddings());
        _model.ExtraDimensions = 3;

        var english = await services.Answerer().AnswerAsync(English);
        var chinese = await services.Answerer().AnswerAsync("地铁起步价是多少？");

        Assert.False(english.Answered, english.Text);
        Assert.True(chinese.Answered, chinese.Text);
    }

    [Fact]
    public async Task FailedPass_LeavesPassagesToRetry_ThenEmbedsThem()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        _model.FailAll = 503;
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, SlowClock(), time: time);
        var indexer = services.GetRequiredService<VectorIndexer>();
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;
        var failing = indexer.IndexAsync(snapshot);
        await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => failing.IsCompleted);
        Assert.Equal(snapshot.Passages.Count, (await failing).Missing);
        Assert.Equal(3, _model.EmbeddingCalls); // the call and two retries
        Assert.Equal(0, indexer.Store.Count);

        _model.FailAll = null;
        time.Advance(ServiceGuard.BreakDuration);
        var pass = await indexer.IndexAsync(snapshot);

        Assert.Equal(0, pass.Missing);
        Assert.Equal(snapshot.Passages.Count, indexer.Store.Count);
    }

    [Fact]
    public async Task Background_EmbedsEachReload_AndRetriesAFailedPass()
    {
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, SlowClock(), time: time);
        var service = services.GetServices<Microsoft.Extensions.Hosting.IHostedService>().OfType<VectorIndexingService>().Single();
        var indexer = services.GetRequiredService<VectorIndexer>();
        _model.Fail(3, 503);
        await service.StartAsync(CancellationToken.None);
        try
        {
            await time.AdvanceUntilAsync(TimeSpan.FromSeconds(5), () => indexer.Store.Count == 3);
            Assert.NotNull(indexer.For(services.GetRequiredService<IKnowledgeStore>().Current));

            _folder.Write("extra.txt", "东京今天的天气晴朗。\n");
            var reloaded = await services.GetRequiredService<IKnowledgeStore>().LoadAsync();
            await time.AdvanceUntilAsync(TimeSpan.FromSeconds(1), () => indexer.For(reloaded) is { Count: 4 });
        }
        finally
        {
            await service.StopAsync(CancellationToken.None);
        }
    }

    [Fact]
    public async Task Restart_WithUnchangedKnowledge_EmbedsNoPassage()
    {
        using var index = new TempFolder();
        await using (var first = await LoadedAsync(Embeddings(index.Path)))
            Assert.True(_model.EmbeddedTexts > 0);
        var embedded = _model.EmbeddedTexts;

        await using var second = await LoadedAsync(Embeddings(index.Path));
        var answer = await second.Answerer().AnswerAsync(English);

        Assert.True(answer.Answered, answer.Text);
        Assert.Equal(embedded + 1, _model.EmbeddedTexts);
    }

    [Fact]
    public async Task ChangedFile_EmbedsOnlyItsNewPassages()
    {
        using var index = new TempFolder();
        await using (await LoadedAsync(Embeddings(index.Path)))
        {
        }
        var embedded = _model.EmbeddedTexts;
        _folder.Write("extra.txt", "东京今天的天气晴朗。\n");

        await using var second = await LoadedAsync(Embeddings(index.Path));

        Assert.Equal(embedded + 1, _model.EmbeddedTexts);
    }
}
