using Bot.Core.Answering;
using NetArchTest.Rules;

namespace Bot.Core.Tests.Architecture;

public sealed class LayerTests
{
    private static Types Core => Types.InAssembly(typeof(AnswerPipeline).Assembly);

    /// <summary>
    /// Bot.Core's folders, lowest first: a folder uses only folders before it. <c>Common</c> holds what everything uses
    /// (log text escaping, secret redaction, the circuit breakers); <c>Search</c> the vocabulary of a search (Chinese
    /// analysis and segmentation, the analysed question, hits, ranking weights and features), below <c>Indexing</c>, which
    /// loads the knowledge and builds and keeps the index; <c>Ranking</c> runs a search over an index (the retriever,
    /// ranking stages, sentence selection); then <c>Answering</c> (the pipeline, writers, metrics of answers);
    /// <c>Semantic</c> (embedding and rerank stages, plugged into retrieval and counted in the answers' metrics);
    /// evaluation, feedback and state; <c>Hosting</c> (hosted services, health) on top. <c>Search</c> keeps its name
    /// rather than becoming <c>Analysis</c>: the analysis is most of it, and renaming it would move fifteen files where
    /// moving the seven that run a search moved only those; the upper folder is <c>Ranking</c> rather than
    /// <c>Retrieval</c>, a namespace that would hide the record <c>Search.Retrieval</c> from every file under Bot.Core.
    /// <c>Ocr</c>, <c>Newsroom</c> and <c>Inbox</c> are placed before they arrive (the readers use OCR; subscriptions
    /// and the operator's inbox sit on answers, feedback and state). <c>Pictures</c> matches a picture's OCR'd text to the index.
    /// </summary>
    public static readonly string[] LayersBottomUp =
    [
        "Common", "Options", "Time", "Ocr", "Knowledge", "Search", "Indexing", "Pictures", "Ranking", "Answering", "Semantic",
        "Evaluation", "Feedback", "State", "Newsroom", "Inbox", "Hosting",
    ];

    private static readonly Lazy<FolderGraph> Graph = new(() => FolderGraph.Of(typeof(AnswerPipeline)));

    [Fact]
    public void Folders_UseEachOtherWithoutCycles()
    {
        var cycles = Graph.Value.Cycles();

        Assert.True(cycles.Count == 0, "Folders of Bot.Core in a cycle:" + Environment.NewLine + string.Join(Environment.NewLine, cycles));
    }

    [Fact]
    public void Folders_UseOnlyTheLayersBelowThem()
    {
        var graph = Graph.Value;
        var unplaced = graph.Folders.Where(f => !LayersBottomUp.Contains(f)).Order(StringComparer.Ordinal).ToList();
        var upward = graph.Edges.Where(e => Array.IndexOf(LayersBottomUp, e.To) > Array.IndexOf(LayersBottomUp, e.From))
            .Select(e => $"{e.From} uses {e.To}, a layer above it: {graph.Why(e.From, e.To)}").ToList();

        Assert.True(unplaced.Count == 0, $"Folders not placed in {nameof(LayersBottomUp)}: {string.Join(", ", unplaced)}");
        Assert.True(upward.Count == 0, string.Join(Environment.NewLine, upward));
    }

    [Fact]
    public void FolderGraph_SeesTheUsesThatAreThere()
    {
        // The rules above pass on an empty graph too: these uses are known to exist (the loader's log lines, the index's analysis).
        var edges = Graph.Value.Edges.ToList();

        Assert.Contains(("Indexing", "Common"), edges);
        Assert.Contains(("Indexing", "Search"), edges);
        Assert.Contains(("Hosting", "Indexing"), edges);
    }

    [Theory]
    [InlineData("Bot.Telegram")]
    [InlineData("Bot.Console")]
    [InlineData("Bot.Host")]
    [InlineData("Bot.Redis")]
    [InlineData("StackExchange.Redis")]
    [InlineData("Telegram.Bot")]
    [InlineData("Microsoft.AspNetCore")]
    public void Core_ReachesNoFrontEnd(string frontEnd)
    {
        var result = Core.ShouldNot().HaveDependencyOn(frontEnd).GetResult();

        Assert.True(result.IsSuccessful, $"Bot.Core depends on {frontEnd}: {string.Join(", ", result.FailingTypeNames ?? [])}");
    }

    [Fact]
    public void Writers_AndStages_DependOnNoFrontEndAndNoAnswerer()
    {
        // Writers and stages are the pipeline's parts: they take a draft, never call back into an answerer.
        var result = Core.That().ImplementInterface(typeof(IAnswerWriter)).Or().ImplementInterface(typeof(IAnswerStage))
            .ShouldNot().HaveDependencyOn(typeof(IQuestionAnswerer).FullName).GetResult();

        Assert.True(result.IsSuccessful, string.Join(", ", result.FailingTypeNames ?? []));
    }
}
