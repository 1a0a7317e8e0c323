using Bot.Core.Indexing;
using Bot.Core.Ranking;
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
    public async Task ScopedQuestion_FindsByMeaningOnlyArticlesInRange()
    {
        await using var meaning = await LoadedAsync(Embeddings());
        using var lease = meaning.GetRequiredService<IKnowledgeStore>().Acquire();
        var question = QuestionAnalyzer.Analyze(English);
        var retriever = meaning.GetRequiredService<IRetriever>();

        var unscoped = await retriever.RankArticlesAsync(lease.Snapshot, question, 3);
        var scoped = await retriever.RankArticlesAsync(lease.Snapshot, question with { Within = new(new(2024, 1, 6), new(2024, 1, 8)) }, 3);

        Assert.Equal("huawei", unscoped[0].Article.Id);
        Assert.DoesNotContain(scoped, h => h.Article.Id == "huawei");
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
    public async Task QuestionInAnotherLanguage_EmbeddingModelFailing_SaysTheModelIsNotAnswering()
    {
        await using var meaning = await LoadedAsync(Embeddings());
        _model.FailAll = 503;

        var down = await meaning.Answerer().AnswerAsync(English);

        Assert.False(down.Answered, down.Text);
        Assert.Contains("the articles are in Chinese", down.Text);
        Assert.Contains("not answering right now", down.Text);
        Assert.Empty(down.Sources);
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
    public async Task EndpointTooSlow_AnIndexingPassWaitsOneTimeout_NotOneForEachRetry()
    {
        var settings = Embeddings();
        settings["Embeddings:TimeoutSeconds"] = "1";
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, settings);
        _model.Delay = TimeSpan.FromSeconds(20);
        var watch = System.Diagnostics.Stopwatch.StartNew();

        var pass = await services.GetRequiredService<VectorIndexer>().IndexAsync(services.GetRequiredService<IKnowledgeStore>().Current);

        Assert.True(pass.Missing > 0);
        // Tried again after a timeout, the pass took 1 + 1 + 1 + 2 + 1 s.
        Assert.InRange(watch.Elapsed.TotalSeconds, 0, 4);
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

    // The vector file of a run over the three stories, in a new index folder: 12 bytes of header, then records of a
    // 16-byte key, a 4-byte scale and the values.
    private async Task<string> VectorFileAsync(TempFolder index)
    {
        await using (await LoadedAsync(Embeddings(index.Path)))
        {
        }
        return Directory.GetFiles(Path.Combine(index.Path, "vectors"), "*.vec").Single();
    }

    private static void Overwrite(string file, long position, byte[] bytes)
    {
        using var stream = new FileStream(file, FileMode.Open);
        stream.Position = position;
        stream.Write(bytes);
    }

    [Fact]
    public async Task DamagedVectorScale_IsLeftOutAndEmbeddedAgain_AndOutOfScopeQuestionsStayDeclined()
    {
        using var index = new TempFolder();
        var file = await VectorFileAsync(index);
        Overwrite(file, 12 + 16, BitConverter.GetBytes(1e30f));
        var embedded = _model.EmbeddedTexts;

        await using var reopened = await LoadedAsync(Embeddings(index.Path));
        var outOfScope = await reopened.Answerer().AnswerAsync("东京的医院怎么样？");
        var english = await reopened.Answerer().AnswerAsync(English);

        Assert.False(outOfScope.Answered, outOfScope.Text);
        Assert.True(english.Answered, english.Text);
        Assert.Equal(embedded + 3, _model.EmbeddedTexts); // the damaged passage again, and the two questions
    }

    [Theory]
    [InlineData(-20)]
    [InlineData(0)]
    [InlineData(2_100_000)]
    [InlineData(100_000)]
    public async Task DamagedVectorHeader_IsMovedAside_AndTheVectorsBuiltAgain(int dimensions)
    {
        using var index = new TempFolder();
        var file = await VectorFileAsync(index);
        Overwrite(file, 8, BitConverter.GetBytes(dimensions));

        await using var reopened = await LoadedAsync(Embeddings(index.Path));
        var english = await reopened.Answerer().AnswerAsync(English);
        var outOfScope = await reopened.Answerer().AnswerAsync("东京的医院怎么样？");

        Assert.True(english.Answered, english.Text);
        Assert.False(outOfScope.Answered, outOfScope.Text);
        Assert.True(File.Exists(file + ".broken"));
        Assert.Equal(reopened.GetRequiredService<IKnowledgeStore>().Current.Passages.Count, reopened.GetRequiredService<VectorIndexer>().Store.Count);
    }

    private void Teach(string fault)
    {
        if (fault == "600000 dimensions")
            _model.ExtraDimensions = 600_000 - FakeModelServer.VectorOf("").Length;
        else
            _model.BadVector = fault == "empty" ? "" : "%%% not base64 %%%";
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("undecodable")]
    [InlineData("600000 dimensions")]
    public async Task BadVectorsWhileIndexing_AreFailedCalls_NeverStored_AndQuestionsAreAnsweredByWords(string fault)
    {
        Teach(fault);
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, Embeddings());
        var indexer = services.GetRequiredService<VectorIndexer>();
        var snapshot = services.GetRequiredService<IKnowledgeStore>().Current;

        for (var i = 0; i < ServiceGuard.BreakerFailures; i++)
            Assert.True((await indexer.IndexAsync(snapshot)).Missing > 0);
        var calls = _model.EmbeddingCalls;
        await indexer.IndexAsync(snapshot);
        var answered = await services.Answerer().AnswerAsync("地铁票价怎么调整？");
        var outOfScope = await services.Answerer().AnswerAsync("东京的医院怎么样？");

        Assert.Equal(calls, _model.EmbeddingCalls); // the breaker counted the bad replies, and is open
        Assert.Equal(0, indexer.Store.Count);
        Assert.True(answered.Answered, answered.Text);
        Assert.False(outOfScope.Answered, outOfScope.Text);
    }

    [Theory]
    [InlineData("empty")]
    [InlineData("undecodable")]
    [InlineData("600000 dimensions")]
    public async Task BadVectorsWhileAnswering_AreFailedCalls_AndQuestionsAreAnsweredByWords(string fault)
    {
        await using var services = await LoadedAsync(Embeddings());
        var metrics = services.GetRequiredService<Bot.Core.Answering.BotMetrics>();
        long failures = 0;
        using var listener = new System.Diagnostics.Metrics.MeterListener
        {
            InstrumentPublished = (instrument, l) =>
            {
                if (metrics.Owns(instrument) && instrument.Name == "bot.model.failures")
                    l.EnableMeasurementEvents(instrument);
            },
        };
        listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref failures, value));
        listener.Start();
        Teach(fault);

        var english = await services.Answerer().AnswerAsync(English);
        var words = await services.Answerer().AnswerAsync("地铁票价怎么调整？");
        var outOfScope = await services.Answerer().AnswerAsync("东京的医院怎么样？");

        Assert.False(english.Answered, english.Text); // found by meaning only, and the meaning is off
        Assert.True(words.Answered, words.Text);
        Assert.False(outOfScope.Answered, outOfScope.Text);
        Assert.Equal(3, Interlocked.Read(ref failures)); // each a failed call, as the breaker counts them
    }
}
