using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Semantic;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class AnswerPipelineTests : IAsyncLifetime
{
    private const string Question = "华为青浦研发中心建得怎么样了？";
    private readonly TempFolder _folder = new();
    private FakeModelServer _models = null!;
    private FakeOpenAiServer _llm = null!;

    public async Task InitializeAsync()
    {
        _models = await FakeModelServer.StartAsync();
        _llm = await FakeOpenAiServer.StartAsync();
        SyntheticNews.WriteThreeStories(_folder);
    }

    public async Task DisposeAsync()
    {
        await _llm.DisposeAsync();
        await _models.DisposeAsync();
        _folder.Dispose();
    }

    private Dictionary<string, string?> Models(bool llm)
    {
        var settings = new Dictionary<string, string?>
        {
            ["Embeddings:Provider"] = "openai",
            ["Embeddings:Endpoint"] = _models.Endpoint,
            ["Embeddings:Model"] = "fake-concepts",
            ["Embeddings:TimeoutSeconds"] = "30",
            ["Rerank:Endpoint"] = _models.Endpoint,
            ["Rerank:Model"] = "fake-rerank",
            ["Rerank:TimeoutSeconds"] = "30",
        };
        if (llm)
        {
            settings["Llm:Provider"] = "openai";
            settings["Llm:Endpoint"] = _llm.Endpoint;
            settings["Llm:Model"] = "test-model";
            settings["Llm:TimeoutSeconds"] = "30";
        }
        return settings;
    }

    private async Task<ServiceProvider> LoadedAsync(bool llm)
    {
        var services = await CoreFactory.LoadedAsync(_folder.Path, Models(llm));
        await services.GetRequiredService<VectorIndexer>().IndexAsync(services.GetRequiredService<IKnowledgeStore>().Current);
        return services;
    }

    [Fact]
    public async Task LlmFailing_FallsBackOnTheSameDraft_OneEmbeddingAndOneRerankCall_AndTheOfflineAnswer()
    {
        await using var offline = await LoadedAsync(llm: false);
        var expected = await offline.Answerer().AnswerAsync(Question);

        await using var services = await LoadedAsync(llm: true);
        var (embeddings, reranks) = (_models.EmbeddingCalls, _models.RerankCalls);
        _llm.Fail(500);
        var answer = await services.Answerer().AnswerAsync(Question);

        Assert.Equal(AnswerMode.Fallback, answer.Mode);
        Assert.Equal(LlmAnswerer.FallbackNote("zh"), answer.Note);
        Assert.Equal(1, _models.EmbeddingCalls - embeddings);
        Assert.Equal(1, _models.RerankCalls - reranks);
        Assert.Equal(expected.Text, answer.Text);
        Assert.Equal(expected.Sources.Select(s => s.Id), answer.Sources.Select(s => s.Id));
    }

    [Fact]
    public async Task FollowUp_WhenTheLlmFails_IsAnsweredForTheSameStandaloneQuestionOffline()
    {
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, new Dictionary<string, string?>
        {
            ["Llm:Provider"] = "openai",
            ["Llm:Endpoint"] = _llm.Endpoint,
            ["Llm:Model"] = "test-model",
            ["Llm:TimeoutSeconds"] = "30",
        });
        var history = new[] { new ConversationTurn("华为青浦研发中心建得怎么样了？", "华为青浦研发中心建得怎么样了？", "基本建成。") };
        _llm.Fail(500);
        var requests = _llm.Requests.Count;

        var answer = await services.Answerer().AnswerAsync("它能容纳多少人？", history);

        // The rewrite failed: the offline rewrite stands and the LLM is not asked a second time for the answer.
        Assert.Equal(1, _llm.Requests.Count - requests);
        Assert.Equal(AnswerMode.Fallback, answer.Mode);
        Assert.Equal(FollowUpRewriter.Rewrite("它能容纳多少人？", history), answer.StandaloneQuestion);
        Assert.Contains("三万名", answer.Text);
    }

    [Fact]
    public async Task WithContext_TheAnswerCarriesItsDraft_ElseNot()
    {
        await using var services = await CoreFactory.LoadedAsync(_folder.Path);

        var plain = await services.Answerer().AnswerAsync(Question);
        var drafted = await services.Answerer().AnswerAsync(new AnswerRequest(Question, WithContext: true));

        Assert.Null(plain.Draft);
        var draft = Assert.IsType<AnswerDraft>(drafted.Draft);
        Assert.Equal("huawei", draft.Retrieval.Articles[0].Article.Id);
        Assert.Contains("华为研发中心已基本建成", draft.Context!.PlainText);
        Assert.Equal(plain.Text, drafted.Text);
    }

    [Fact]
    public async Task AStage_RegisteredAsOneClass_RunsInItsOrder_AndCanDecide()
    {
        await using var services = await CoreFactory.LoadedAsync(_folder.Path, configure: s => s.AddSingleton<IAnswerStage, CuratedStage>());

        var answer = await services.Answerer().AnswerAsync(Question);

        Assert.Equal("curated after retrieval: huawei", answer.Text);
    }

    private sealed class CuratedStage : IAnswerStage
    {
        public int Order => AnswerPipeline.RetrievalOrder + 50;

        public ValueTask<AnswerDraft> RunAsync(AnswerDraft draft, KnowledgeSnapshot snapshot, int topArticles, CancellationToken cancellationToken) =>
            ValueTask.FromResult(draft.Decide(new Answer(draft.Question, "curated after retrieval: " + draft.Retrieval.Articles[0].Article.Id,
                AnswerStatus.Answered, [], draft.Elapsed)));
    }
}
