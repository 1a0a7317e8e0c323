using Bot.Core.Answering;
using Bot.Core.Hosting;
using Bot.Core.Options;
using Bot.Core.Ranking;
using Bot.Core.Semantic;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Bot.Core.Tests.Semantic;

public sealed class SemanticSwitchesTests
{
    // Never called: these tests only resolve the services, which calls no model.
    private const string Endpoint = "http://127.0.0.1:9/v1";

    private static readonly Dictionary<string, string?> WithEmbeddings = new()
    {
        ["Embeddings:Provider"] = "openai", ["Embeddings:Endpoint"] = Endpoint, ["Embeddings:Model"] = "m",
    };

    private static readonly Dictionary<string, string?> WithRerank = new() { ["Rerank:Endpoint"] = Endpoint, ["Rerank:Model"] = "m" };

    private static ServiceProvider Services(Dictionary<string, string?>? settings, params (string Key, string Value)[] more)
    {
        var all = new Dictionary<string, string?>(settings ?? []);
        foreach (var (key, value) in more)
            all[key] = value;
        return CoreFactory.Services(Path.GetTempPath(), all);
    }

    [Fact]
    public void Embeddings_WithAnEndpoint_AddTheVectorStageAndItsIndexing()
    {
        using var services = Services(WithEmbeddings);

        Assert.True(services.GetRequiredService<SemanticSwitches>().Embeddings);
        Assert.Contains(services.GetServices<IRankingStage>(), s => s is VectorStage);
        Assert.Single(services.GetServices<IHostedService>().OfType<VectorIndexingService>());
        Assert.NotNull(services.GetService<VectorIndexer>());
    }

    [Fact]
    public void Embeddings_Unset_AddNoVectorStageNorIndexing()
    {
        using var services = Services(null);

        Assert.False(services.GetRequiredService<SemanticSwitches>().Embeddings);
        Assert.DoesNotContain(services.GetServices<IRankingStage>(), s => s is VectorStage);
        Assert.Empty(services.GetServices<IHostedService>().OfType<VectorIndexingService>());
        Assert.Null(services.GetService<VectorIndexer>());
        Assert.Null(services.GetService<TextEmbeddings>());
    }

    [Fact]
    public void Rerank_WithAnEndpoint_AddsTheRerankStage()
    {
        using var services = Services(WithRerank);

        Assert.True(services.GetRequiredService<SemanticSwitches>().Rerank);
        Assert.Contains(services.GetServices<IRankingStage>(), s => s is RerankStage);
    }

    [Fact]
    public void Rerank_Unset_AddsNoRerankStage()
    {
        using var services = Services(null);

        Assert.False(services.GetRequiredService<SemanticSwitches>().Rerank);
        Assert.DoesNotContain(services.GetServices<IRankingStage>(), s => s is RerankStage);
        Assert.Null(services.GetService<RerankClient>());
    }

    [Fact]
    public void BothOn_StagesRunAfterTheWordStage_VectorThenRerank()
    {
        using var services = Services(new Dictionary<string, string?>(WithEmbeddings.Concat(WithRerank)));

        var stages = services.GetServices<IRankingStage>().Select(s => s.GetType()).ToList();

        Assert.Equal([typeof(WindowRerankStage), typeof(VectorStage), typeof(RerankStage)], stages);
    }

    [Theory]
    [InlineData("Rerank", "Rerank:Candidates", "1", "Rerank:Candidates must be between 2 and 200")]
    [InlineData("Rerank", "Rerank:Model", "", "Rerank:Model is required")]
    [InlineData("Embeddings", "Embeddings:Endpoint", "localhost:11434", "Embeddings:Endpoint must be an absolute http or https URL")]
    [InlineData("Embeddings", "Embeddings:BatchSize", "abc", "Embeddings:BatchSize must be")]
    public void BadValue_TurnsItsStageOff_AndTheStartCheckNamesTheKey(string section, string key, string value, string expected)
    {
        using var services = Services(section == "Rerank" ? WithRerank : WithEmbeddings, (key, value));

        var line = ConfigurationCheck.Validate(services);
        var switches = services.GetRequiredService<SemanticSwitches>();

        Assert.NotNull(line);
        Assert.Contains(expected, line);
        Assert.False(section == "Rerank" ? switches.Rerank : switches.Embeddings);
        Assert.DoesNotContain(services.GetServices<IRankingStage>(), s => s is VectorStage or RerankStage);
    }

    [Fact]
    public void Llm_WithAProvider_AnswersThroughTheLlm_AndUnset_Offline()
    {
        using var on = Services(new Dictionary<string, string?> { ["Llm:Provider"] = "openai", ["Llm:Endpoint"] = Endpoint, ["Llm:Model"] = "m" });
        using var off = Services(null);

        Assert.True(on.GetRequiredService<SemanticSwitches>().Llm);
        Assert.IsType<LlmAnswerer>(on.GetRequiredService<IQuestionAnswerer>());
        Assert.False(off.GetRequiredService<SemanticSwitches>().Llm);
        Assert.IsType<OfflineAnswerer>(off.GetRequiredService<IQuestionAnswerer>());
    }

    [Fact]
    public void Llm_DecidedFromTheBoundOptions_NotFromTheConfigurationAtRegistration()
    {
        // The LLM configured after AddBotCore (as a test host or a later configuration source does): the options see it,
        // and so does the answerer chosen from them.
        using var services = CoreFactory.Services(Path.GetTempPath(), configure: s => s.PostConfigure<LlmOptions>(o =>
        {
            o.Provider = "openai";
            o.Endpoint = Endpoint;
            o.Model = "m";
        }));

        Assert.IsType<LlmAnswerer>(services.GetRequiredService<IQuestionAnswerer>());
    }

    [Fact]
    public void Llm_BadValue_AnswersOffline_AndTheStartCheckNamesTheKey()
    {
        using var services = Services(new Dictionary<string, string?> { ["Llm:Provider"] = "openai", ["Llm:Endpoint"] = "localhost:1234", ["Llm:Model"] = "m" });

        var line = ConfigurationCheck.Validate(services);

        Assert.NotNull(line);
        Assert.Contains("Llm:Endpoint", line);
        Assert.IsType<OfflineAnswerer>(services.GetRequiredService<IQuestionAnswerer>());
    }
}
