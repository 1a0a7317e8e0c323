using Bot.Core.Answering;
using Bot.Core.Hosting;
using Bot.Core.Inbox;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Bot.Core.Semantic;
using Bot.Core.State;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Bot.Core;

/// <summary>Registers the answering core.</summary>
public static class ServiceCollectionExtensions
{
    /// <summary>
    /// Adds options (validated at start), the knowledge readers, loader and store, the answer pipeline with its offline
    /// writer (and the LLM's, through Semantic Kernel, when configured), and the hosted service that loads knowledge at start.
    /// </summary>
    public static IServiceCollection AddBotCore(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<KnowledgeOptions>(configuration, KnowledgeOptions.SectionName);
        services.AddSingleton<IPostConfigureOptions<KnowledgeOptions>, ResolveKnowledgePath>();
        services.AddValidatedOptions<AnsweringOptions>(configuration, AnsweringOptions.SectionName);

        services.AddSingleton(sp =>
        {
            var o = sp.GetRequiredService<IOptions<KnowledgeOptions>>().Value;
            return new ReadLimits(o.MaxFileBytes, o.MaxLineBytes);
        });
        services.AddSingleton<IKnowledgeReader, PlainTextReader>();
        services.AddSingleton<IKnowledgeReader, MarkdownReader>();
        services.AddSingleton<IKnowledgeReader, JsonlReader>();
        services.AddSingleton<IKnowledgeReader, HtmlReader>();
        services.AddSingleton<IKnowledgeReader, PdfReader>();
        services.AddSingleton<IKnowledgeReader, DocxReader>();
        AddOcr(services, configuration);
        // The disk as the loader sees it; a test registers another after this to make a folder unreadable.
        services.TryAddSingleton<IKnowledgeFiles, KnowledgeFiles>();
        services.AddSingleton<KnowledgeLoader>();
        services.AddSingleton<KnowledgeStore>();
        services.AddSingleton<IKnowledgeStore>(sp => sp.GetRequiredService<KnowledgeStore>());
        services.AddValidatedOptions<LlmOptions>(configuration, LlmOptions.SectionName);
        services.AddSingleton<IValidateOptions<LlmOptions>, LlmOptionsValidator>();

        // Retrieval in stages, its weights in one record; a stage is added by registering another IRankingStage.
        services.TryAddSingleton(RankingWeights.Default);
        services.AddSingleton<IRankingStage, WindowRerankStage>();
        AddSemanticStages(services, configuration);
        services.AddSingleton<SentenceSelector>();
        services.AddSingleton<IRetriever, Retriever>();
        services.AddSingleton<ContextBuilder>();
        services.AddSingleton<AnswerScope>();

        services.AddSingleton(TextCatalog.Default);
        services.AddSingleton<AnswerComposer>();
        // One pipeline drafts every answer; its stages run in their Order, and a new stage is one more IAnswerStage.
        services.AddSingleton<IAnswerStage, RetrievalStage>();
        services.AddSingleton<IAnswerStage, ScopeStage>();
        services.AddSingleton<Time.NewsClock>();
        services.AddSingleton<IAnswerStage, TimeScopeStage>();
        services.AddSingleton<AnswerPipeline>();
        services.AddSingleton<OfflineFollowUpRewriter>();
        services.AddSingleton<ExtractiveWriter>();
        services.AddSingleton<OfflineAnswerer>();
        // The LLM's writer is there always, resolved only when the LLM is on: which answerer questions get is decided when
        // first resolved, by SemanticSwitches.Llm from the bound and validated options, not by reading the configuration
        // here. An invalid Llm section turns it off there, and the start-up check stops the program naming the key.
        services.AddSingleton(sp => ChatCompletion(sp.GetRequiredService<IOptions<LlmOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton<LlmChat>();
        services.AddSingleton<LlmFollowUpRewriter>();
        services.AddSingleton<LlmWriter>();
        services.AddSingleton<LlmAnswerer>();
        services.AddSingleton<IQuestionAnswerer>(sp => sp.GetRequiredService<SemanticSwitches>().Llm
            ? sp.GetRequiredService<LlmAnswerer>()
            : sp.GetRequiredService<OfflineAnswerer>());

        services.TryAddSingleton(TimeProvider.System);
        // The in-process state (TryAdd): with State:Redis set, Bot.Redis's AddSharedState puts its shared implementations in
        // their place (Replace), whichever is registered first.
        services.TryAddSingleton<IAnswerLog, LocalAnswerLog>();
        services.TryAddSingleton<IConversationStore>(sp => new ConversationStore(sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<BotMetrics>();
        services.AddSingleton<Conversations>();
        services.AddSingleton<Bot.Core.Evaluation.EvalRunner>();
        services.AddSingleton<Bot.Core.Evaluation.SentenceTraining>();
        services.AddValidatedOptions<FeedbackOptions>(configuration, FeedbackOptions.SectionName);
        services.AddSingleton<Bot.Core.Feedback.FeedbackStore>();
        services.AddInbox(configuration);

        services.AddHealthChecks().AddCheck<KnowledgeHealthCheck>(KnowledgeHealthCheck.Name, tags: [HealthTags.Ready]);
        services.AddHostedService<KnowledgeLoaderService>();
        services.AddHostedService<KnowledgeWatcher>();
        return services;
    }

    // Pictures of pages (images, PDF pages without text) read through a Tesseract process; see Ocr/.
    private static void AddOcr(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<Ocr.OcrOptions>(configuration, Ocr.OcrOptions.SectionName);
        services.TryAddSingleton<Ocr.IOcrEngine, Ocr.TesseractEngine>();
        services.AddSingleton<Ocr.PageOcr>();
        services.AddSingleton<IKnowledgeReader, ImageReader>();
        services.AddSingleton<Pictures.PictureMatcher>();
    }

    // Retrieval by meaning and reranking, each on when its endpoint is configured. Which implementation each registration
    // gives is decided when it is first resolved, by SemanticSwitches from the bound and validated options, not by reading
    // the configuration here: on, the stage (and the vector indexing service); off, a stage that leaves the ranking as it
    // is and a service that does nothing, so that the word ranking is the same as with no stage at all, and the semantic
    // parts (TextEmbeddings, VectorIndexer, RerankClient) are not there (null). Stages run after the word stages, in this order.
    private static void AddSemanticStages(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedOptions<EmbeddingsOptions>(configuration, EmbeddingsOptions.SectionName);
        services.AddValidatedOptions<RerankOptions>(configuration, RerankOptions.SectionName);
        services.AddSingleton<IValidateOptions<EmbeddingsOptions>, SemanticOptionsValidator>();
        services.AddSingleton<IValidateOptions<RerankOptions>, SemanticOptionsValidator>();
        services.AddSingleton<SemanticSwitches>();

        // Semantic Kernel's generator logs every failed call with its stack; the guard logs one warning an outage.
        services.AddSingleton<IConfigureOptions<LoggerFilterOptions>>(sp => new ConfigureOptions<LoggerFilterOptions>(o =>
        {
            if (sp.GetRequiredService<SemanticSwitches>().Embeddings)
                o.Rules.Add(new LoggerFilterRule(null, "Microsoft.Extensions.AI", LogLevel.None, null));
        }));
        services.AddSingleton(sp => EmbeddingGenerator(sp.GetRequiredService<IOptions<EmbeddingsOptions>>().Value, sp.GetRequiredService<ILoggerFactory>()));
        services.AddSingleton(sp => sp.GetRequiredService<SemanticSwitches>().Embeddings ? ActivatorUtilities.CreateInstance<TextEmbeddings>(sp) : null!);
        services.AddSingleton(sp => sp.GetRequiredService<SemanticSwitches>().Embeddings ? ActivatorUtilities.CreateInstance<VectorIndexer>(sp) : null!);
        services.AddSingleton<IRankingStage>(sp => sp.GetRequiredService<SemanticSwitches>().Embeddings ? ActivatorUtilities.CreateInstance<VectorStage>(sp) : StageOff.Instance);
        services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<SemanticSwitches>().Embeddings ? ActivatorUtilities.CreateInstance<VectorIndexingService>(sp) : new ServiceOff());

        // A named client from the factory, its timeout left to the guard; the client is one for the process (its breaker
        // counts every call), so its handler is a SocketsHttpHandler that renews connections (DNS changes) by itself.
        services.AddHttpClient(RerankClient.HttpClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) });
        services.AddSingleton(sp => !sp.GetRequiredService<SemanticSwitches>().Rerank ? null! : new RerankClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(RerankClient.HttpClientName),
            sp.GetRequiredService<IOptions<RerankOptions>>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<RerankClient>>(), sp.GetRequiredService<BotMetrics>()));
        services.AddSingleton<IRankingStage>(sp => sp.GetRequiredService<SemanticSwitches>().Rerank ? ActivatorUtilities.CreateInstance<RerankStage>(sp) : StageOff.Instance);
    }

    // The generator Semantic Kernel's registration makes, made from the options when first resolved: in a kernel of its own,
    // logging through the program's loggers (and so through the filter above).
    private static IEmbeddingGenerator<string, Embedding<float>> EmbeddingGenerator(EmbeddingsOptions o, ILoggerFactory loggers) =>
        FromKernel<IEmbeddingGenerator<string, Embedding<float>>>(loggers, services => AddEmbeddingGenerator(services, o));

    // A service Semantic Kernel's registration <paramref name="add"/> makes, in a kernel of its own that logs through the
    // program's loggers.
    private static T FromKernel<T>(ILoggerFactory loggers, Action<IServiceCollection> add)
        where T : class
    {
        var kernel = Kernel.CreateBuilder();
        kernel.Services.AddSingleton(loggers);
        add(kernel.Services);
        return kernel.Build().GetRequiredService<T>();
    }

    // A semantic stage that is off: the ranking is left as the stages before it made it.
    private sealed class StageOff : IRankingStage
    {
        public static readonly StageOff Instance = new();

        public ValueTask RankAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> ranked, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }

    // The vector indexing service when embeddings are off.
    private sealed class ServiceOff : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }

    // Semantic Kernel's embedding generators (1.82 marks them experimental, SKEXP0010). The OpenAI client's own retries
    // are off: the guard retries, and counts failures for its breaker.
#pragma warning disable SKEXP0010
    private static void AddEmbeddingGenerator(IServiceCollection services, EmbeddingsOptions o)
    {
        if (string.Equals(o.Provider, "azure", StringComparison.OrdinalIgnoreCase))
        {
            services.AddAzureOpenAIEmbeddingGenerator(deploymentName: o.Model!, endpoint: o.Endpoint!, apiKey: o.ApiKey!, dimensions: o.Dimensions);
            return;
        }
        var options = new OpenAI.OpenAIClientOptions
        {
            RetryPolicy = new System.ClientModel.Primitives.ClientRetryPolicy(maxRetries: 0),
            NetworkTimeout = TimeSpan.FromSeconds(o.TimeoutSeconds),
        };
        if (!string.IsNullOrWhiteSpace(o.Endpoint))
            options.Endpoint = new Uri(o.Endpoint);
        // Local servers usually take no key, but the client needs a non-empty one.
        var client = new OpenAI.OpenAIClient(new System.ClientModel.ApiKeyCredential(string.IsNullOrEmpty(o.ApiKey) ? "unused" : o.ApiKey), options);
        services.AddOpenAIEmbeddingGenerator(o.Model!, client, o.Dimensions);
    }
#pragma warning restore SKEXP0010

    // Semantic Kernel's connectors: "openai" covers OpenAI and every OpenAI-compatible server (Ollama, vLLM, LM Studio,
    // llama.cpp). Made from the options when first resolved, in a kernel of its own, logging through the program's loggers.
    private static IChatCompletionService ChatCompletion(LlmOptions llm, ILoggerFactory loggers) => FromKernel<IChatCompletionService>(loggers, services =>
    {
        if (string.Equals(llm.Provider, "azure", StringComparison.OrdinalIgnoreCase))
        {
            services.AddAzureOpenAIChatCompletion(llm.Model!, llm.Endpoint!, llm.ApiKey!);
        }
        else if (!string.IsNullOrWhiteSpace(llm.Endpoint))
        {
            // Local servers usually take no key, but the client needs a non-empty one.
            services.AddOpenAIChatCompletion(llm.Model!, new Uri(llm.Endpoint), string.IsNullOrEmpty(llm.ApiKey) ? "unused" : llm.ApiKey);
        }
        else
        {
            services.AddOpenAIChatCompletion(llm.Model!, llm.ApiKey!);
        }
    });

    /// <summary>
    /// Binds <typeparamref name="T"/> to the configuration section <paramref name="section"/>, validated by its data
    /// annotations and by any <see cref="IValidateOptions{T}"/> registered, at start: a bad value stops the host naming the key.
    /// </summary>
    public static OptionsBuilder<T> AddValidatedOptions<T>(this IServiceCollection services, IConfiguration configuration, string section)
        where T : class
    {
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>>(new ListSettingsValidator<T>(configuration.GetSection(section))));
        services.AddSingleton(new SettingsSection(section, typeof(T)));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<T>, UnknownSettingsValidator<T>>(
            sp => new UnknownSettingsValidator<T>(configuration.GetSection(section), sp.GetServices<SettingsSection>())));
        return services.AddOptions<T>()
            .Bind(configuration.GetSection(section))
            .ValidateDataAnnotations()
            .ValidateOnStart();
    }

    // The user's application data folder, made when missing; the temporary folder when it cannot be (a home folder that
    // does not exist or cannot be written, as for a service account): the index is a cache, rebuilt from the articles.
    private static string ApplicationData()
    {
        try
        {
            return Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData, Environment.SpecialFolderOption.Create);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return "";
        }
    }

    // A relative Knowledge:Path means relative to the content root (where appsettings.json is), not to the working directory.
    private sealed class ResolveKnowledgePath(IHostEnvironment environment) : IPostConfigureOptions<KnowledgeOptions>
    {
        public void PostConfigure(string? name, KnowledgeOptions options)
        {
            if (!string.IsNullOrWhiteSpace(options.Path) && !System.IO.Path.IsPathRooted(options.Path))
                options.Path = System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, options.Path));
            if (string.IsNullOrWhiteSpace(options.IndexPath) && !string.IsNullOrWhiteSpace(options.Path))
            {
                // One index per knowledge path, outside the knowledge folder, in the user's application data.
                var data = ApplicationData();
                var id = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(options.Path)))[..16].ToLowerInvariant();
                options.IndexPath = System.IO.Path.Combine(string.IsNullOrEmpty(data) ? System.IO.Path.GetTempPath() : data, "news-bot", "index", id);
            }
            else if (!string.IsNullOrWhiteSpace(options.IndexPath) && options.IndexPath != "memory" && !System.IO.Path.IsPathRooted(options.IndexPath))
            {
                options.IndexPath = System.IO.Path.GetFullPath(System.IO.Path.Combine(environment.ContentRootPath, options.IndexPath));
            }
        }
    }
}
