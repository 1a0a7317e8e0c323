using BenchmarkDotNet.Attributes;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Lucene.Net.Analysis.Cn.Smart;
using Lucene.Net.Util;

namespace Bot.Benchmarks;

/// <summary>
/// The hot paths of answering, over a knowledge source (<c>BOT_BENCH_KNOWLEDGE</c>, default the CRUD-RAG 10k corpus):
/// question analysis, passage segmentation (ours and SmartCn's own), article search, and sentence selection.
/// Run: <c>dotnet run -c Release --project src/Bot.Benchmarks -- --filter '*'</c>.
/// </summary>
[MemoryDiagnoser]
public class HotPathBenchmarks
{
    private const string Question = "特朗普的“密件案”庭审工作将于哪一天开始？";
    private KnowledgeSnapshot _snapshot = null!;
    private AnalyzedQuestion _analyzed = null!;
    private readonly Retriever _retriever = Retriever.WithDefaultStages(RankingWeights.Default);
    private string _passage = "";
    private static readonly SmartChineseAnalyzer SmartCn = new(LuceneVersion.LUCENE_48);

    [GlobalSetup]
    public void Setup()
    {
        var path = Environment.GetEnvironmentVariable("BOT_BENCH_KNOWLEDGE") ?? FindCorpus();
        using var stream = File.OpenRead(path);
        var articles = new JsonlReader().Read(stream, Path.GetFileName(path), _ => { }, default);
        var load = new KnowledgeLoadResult(articles, [Path.GetFileName(path)], [], []) { FileHashes = new Dictionary<string, string> { [Path.GetFileName(path)] = "bench" } };
        _snapshot = KnowledgeSnapshotFactory.CreateInMemory(load, 200);
        _analyzed = QuestionAnalyzer.Analyze(Question);
        _passage = _snapshot.Passages[_snapshot.Passages.Count / 2].Text;
    }

    [GlobalCleanup]
    public void Cleanup() => _snapshot.Dispose();

    [Benchmark]
    public AnalyzedQuestion AnalyzeQuestion() => QuestionAnalyzer.Analyze(Question);

    [Benchmark]
    public int SegmentPassage() => ChineseAnalysis.Terms(ChineseAnalysis.Words, _passage).Count;

    /// <summary>The same segmentation through Lucene.Net's own SmartCn tokenizer, for comparison.</summary>
    [Benchmark]
    public int SegmentPassageWithSmartCn() => ChineseAnalysis.Terms(SmartCn, _passage).Count;

    [Benchmark]
    public int BigramPassage() => ChineseAnalysis.Terms(ChineseAnalysis.Bigrams, _passage).Count;

    [Benchmark]
    public int SearchArticles() => _retriever.RankArticlesAsync(_snapshot, _analyzed, 10).AsTask().GetAwaiter().GetResult().Count;

    [Benchmark]
    public int RetrieveAndSelectSentences() => _retriever.RetrieveAsync(_snapshot, _analyzed, 3).AsTask().GetAwaiter().GetResult().Selected.Count;

    private static string FindCorpus()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "..", "shared", "eval", "crud_rag", "small_corpus.jsonl");
            if (File.Exists(candidate))
                return Path.GetFullPath(candidate);
        }
        throw new FileNotFoundException("Set BOT_BENCH_KNOWLEDGE to a .jsonl corpus.");
    }
}
