using System.Diagnostics;
using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using Bot.Core.Answering;
using Bot.Core.Evaluation;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Search;
using Bot.Core.Semantic;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Bot.Console.Commands;

/// <summary>
/// <c>bench</c>: builds the index of a knowledge source from scratch in a temporary folder, reopens it, then measures
/// retrieval and offline answer latency, concurrent throughput and memory.
/// </summary>
internal static class BenchCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var line = context.Line;
        if (line.Flags.Contains("--serve-only"))
            return await ServeAsync(context, cancellationToken);
        if (line.Values.ContainsKey("--vectors"))
            return await VectorBench.RunAsync(context, cancellationToken);

        var source = line.Values.GetValueOrDefault("--knowledge") ?? context.Get<IOptions<KnowledgeOptions>>().Value.Path;
        var articleLimit = line.GetInt("--articles", 0, 0);
        var scale = line.GetInt("--scale", 0, 0);
        var seed = line.GetInt("--seed", 1, 0);
        var update = line.GetInt("--update", 0, 0);
        // The serving options are read by the serving run, after the build: checked here, so that a bad one is said first.
        _ = ServingSettings(line);
        var log = context.Error;

        // --keep: the corpus made and the index built stay in that folder (for serve-only runs over them later).
        var keep = line.Values.GetValueOrDefault("--keep");
        if (keep is not null && Directory.Exists(keep) && Directory.EnumerateFileSystemEntries(keep).Any())
        {
            await log.WriteLineAsync($"bench: --keep {keep}: the folder is not empty");
            return 2;
        }
        var work = keep is null ? Directory.CreateTempSubdirectory("bot-bench-") : Directory.CreateDirectory(keep);
        try
        {
            ScaleCorpus? generator = null;
            string knowledge;
            if (scale > 0)
            {
                var watchCorpus = Stopwatch.StartNew();
                generator = await ScaleCorpus.ReadAsync(source, cancellationToken);
                knowledge = Directory.CreateDirectory(Path.Combine(work.FullName, "knowledge")).FullName;
                await generator.WriteFolderAsync(knowledge, "scale", scale, seed, cancellationToken: cancellationToken);
                await log.WriteLineAsync($"bench: made {scale} articles from {generator.SourceArticles} of {source} (seed {seed}) in {watchCorpus.Elapsed.TotalSeconds:F0} s");
            }
            else
            {
                knowledge = articleLimit > 0 ? await SubsetAsync(source, articleLimit, work.FullName, cancellationToken) : Path.GetFullPath(source);
            }
            var indexPath = Path.Combine(work.FullName, "index");
            BuildFigures build;
            double firstAnswerMs;
            using (var memory = new MemorySampler())
            {
                await log.WriteLineAsync($"bench: building the index of {knowledge} …");
                var watch = Stopwatch.StartNew();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var gc = GcFigures.Now();
                using var host = Harness.BuildHost(line, context.Error, Settings(context, knowledge, indexPath));
                var snapshot = await host.Services.GetRequiredService<IKnowledgeStore>().LoadAsync(cancellationToken);
                var buildMs = watch.Elapsed.TotalMilliseconds;
                if (scale > 0 && snapshot.Articles.Count != scale)
                    throw new InvalidOperationException($"the index holds {snapshot.Articles.Count} of the {scale} articles made; see the warnings above");
                var vectors = await EmbedAsync(host.Services, snapshot, log, cancellationToken);
                await host.Services.GetRequiredService<IQuestionAnswerer>().AnswerAsync(FirstQuestion(snapshot), null, cancellationToken);
                firstAnswerMs = (DateTime.Now - Process.GetCurrentProcess().StartTime).TotalMilliseconds;
                build = new BuildFigures(snapshot.Articles.Count, snapshot.Passages.Count, TextMegabytes(snapshot), Math.Round(buildMs, 1), memory.PeakMegabytes)
                {
                    Embedding = vectors,
                    IndexMegabytes = Math.Round(FolderBytes(indexPath) / 1048576.0, 1),
                    CpuSeconds = Math.Round((Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds, 1),
                    Gc = GcFigures.Now() - gc,
                };
                await log.WriteLineAsync($"bench: built {build.Articles} articles in {buildMs:F0} ms; reopening and serving in a fresh process …");
            }

            // Reopening and serving are measured in a new process, as a restarted bot would run: none of the
            // indexing's memory or warmed caches carry over.
            ServeFigures serve;
            if (line.Flags.Contains("--same-process"))
            {
                GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
                using var host = Harness.BuildHost(line, context.Error, Settings(context, knowledge, indexPath));
                serve = await ServeCoreAsync(context with { Services = host.Services }, cancellationToken);
            }
            else
            {
                serve = await RunChildAsync(context, knowledge, indexPath, cancellationToken);
            }
            UpdateFigures? updated = null;
            if (update > 0 && generator is not null)
            {
                using var host = Harness.BuildHost(line, context.Error, Settings(context, knowledge, indexPath));
                updated = await UpdateAsync(context with { Services = host.Services }, generator, update, scale, seed, knowledge, cancellationToken);
            }
            var result = new BenchReport(
                Machine.Describe(),
                scale > 0 ? $"{scale} articles made from {Path.GetFullPath(source)} (seed {seed})"
                    : articleLimit > 0 ? $"{Path.GetFullPath(source)} (first {articleLimit} articles)" : knowledge,
                build,
                Math.Round(firstAnswerMs, 1),
                serve) { Update = updated };
            await WriteAsync(context, result, line.Flags.Contains("--json"));
            if (keep is not null)
                await log.WriteLineAsync($"bench: kept; serve again with: bench --serve-only --knowledge {knowledge} --index {indexPath}");
            return 0;
        }
        finally
        {
            try
            {
                if (keep is null)
                    work.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    // With an embedding model: every passage embedded once, timed, and the size of the stored vectors.
    private static async Task<EmbedFigures?> EmbedAsync(IServiceProvider services, KnowledgeSnapshot snapshot, TextWriter log, CancellationToken cancellationToken)
    {
        if (services.GetService<VectorIndexer>() is not { } indexer)
            return null;
        await log.WriteLineAsync($"bench: embedding {snapshot.Passages.Count} passages …");
        var pass = await indexer.IndexAsync(snapshot, cancellationToken);
        if (pass.Missing > 0)
            await log.WriteLineAsync($"bench: warning: {pass.Missing} passages have no vector (the embedding model failed)");
        return new EmbedFigures(pass.Embedded, Math.Round(pass.Elapsed.TotalMilliseconds, 1),
            Math.Round(pass.Elapsed.TotalMilliseconds / Math.Max(1, snapshot.Articles.Count), 3),
            indexer.Store.Dimensions, Math.Round(indexer.Store.FileBytes / 1048576.0, 1));
    }

    // Exhaustive results kept past the tenth, so that a found passage tied with the tenth has its score.
    private const int RecallWidening = 100;

    // With an embedding model: the stored vectors read back (no passage should need a call), then the vector search alone
    // for each question's vector (embedded first, so the model's latency is not counted): the exhaustive search, or above
    // Embeddings:ExactBelow the approximate one, the top ten of whose results (the search the bot runs) are then
    // compared with the exhaustive search's on the same vectors (recall@10: the model's own vectors, which made-up ones
    // stand in for in bench --vectors).
    private static async Task<VectorFigures?> VectorSearchAsync(CommandContext context, KnowledgeSnapshot snapshot, IReadOnlyList<string> questions, CancellationToken cancellationToken)
    {
        if (context.Services.GetService<VectorIndexer>() is not { } indexer)
            return null;
        var watch = Stopwatch.StartNew();
        var pass = await indexer.IndexAsync(snapshot, cancellationToken);
        var reopenMs = watch.Elapsed.TotalMilliseconds;
        if (pass.Embedded > 0 || pass.Missing > 0)
            await context.Error.WriteLineAsync($"bench: warning: reopening embedded {pass.Embedded} passages and left {pass.Missing} without a vector");
        if (indexer.For(snapshot) is not { } vectors)
            return null;
        var embeddings = context.Get<TextEmbeddings>();
        var times = new List<double>();
        var (found, asked) = (0, 0);
        foreach (var q in questions)
        {
            if (await embeddings.EmbedQuestionAsync(q, cancellationToken) is not { } vector)
                continue;
            var t = Stopwatch.GetTimestamp();
            var nearest = vectors.Nearest(vector, RankingWeights.Default.VectorPassages);
            times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            if (!vectors.IsApproximate)
                continue;
            // A found passage counts when the exhaustive search scores it at least its tenth, less ann-benchmarks'
            // 0.001: passages as near as the tenth are interchangeable with it (the same text, or 8-bit rounding).
            var exact = vectors.NearestExactly(vector, 10 + RecallWidening);
            if (exact.Count == 0)
                continue;
            var tenth = exact[Math.Min(10, exact.Count) - 1].Similarity - 0.001;
            var scores = exact.ToDictionary(p => p.Passage, p => p.Similarity);
            found += nearest.Take(10).Count(p => scores.GetValueOrDefault(p.Passage, double.MinValue) >= tenth);
            asked += Math.Min(10, exact.Count);
        }
        if (times.Count == 0)
        {
            await context.Error.WriteLineAsync("bench: warning: the embedding model gave no question vector; the vector search is not measured");
            return null;
        }
        return new VectorFigures(Math.Round(reopenMs, 1), vectors.Count, vectors.Dimensions, Stats.Of(times))
        {
            RecallAt10 = asked > 0 ? Math.Round(found / (double)asked, 4) : null,
        };
    }

    // Articles added to a reopened index while askers keep asking: the time from the new file to the new snapshot, and
    // the latency of the answers given meanwhile.
    private static async Task<UpdateFigures> UpdateAsync(CommandContext context, ScaleCorpus generator, int count, int numberedFrom, int seed, string knowledge,
        CancellationToken cancellationToken)
    {
        var store = context.Get<IKnowledgeStore>();
        var before = await store.LoadAsync(cancellationToken);
        var questions = LoadQuestions(context.Line.Values.GetValueOrDefault("--questions"), before);
        IQuestionAnswerer offline = context.Get<OfflineAnswerer>();
        foreach (var q in questions.Take(50))
            await offline.AnswerAsync(q, cancellationToken: cancellationToken);
        await generator.WriteAsync(Path.Combine(knowledge, "scale-added.jsonl"), count, seed, numberedFrom, cancellationToken);
        await context.Error.WriteLineAsync($"bench: adding {count} articles to {before.Articles.Count} while answering …");
        using var memory = new MemorySampler();
        using var done = new CancellationTokenSource();
        var times = new List<double>();
        var asker = Task.Run(async () =>
        {
            for (var i = 0; i == 0 || !done.IsCancellationRequested; i++)
            {
                var t = Stopwatch.GetTimestamp();
                await offline.AnswerAsync(questions[i % questions.Count], cancellationToken: cancellationToken);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }, cancellationToken);
        var watch = Stopwatch.StartNew();
        var after = await store.LoadAsync(cancellationToken);
        var ms = watch.Elapsed.TotalMilliseconds;
        await done.CancelAsync();
        await asker;
        return new UpdateFigures(after.Articles.Count - before.Articles.Count, Math.Round(ms, 1), times.Count, Stats.Of(times), memory.PeakMegabytes);
    }

    private static long FolderBytes(string path) =>
        Directory.Exists(path) ? new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length) : 0;

    // The bench's own knowledge and index, with the embedding and rerank models the harness was given (however they came:
    // appsettings.json, the environment, or a caller's settings), so that its hosts search as the harness would.
    private static Dictionary<string, string?> Settings(CommandContext context, string knowledge, string indexPath)
    {
        var settings = ModelSettings(context);
        settings["Knowledge:Path"] = knowledge;
        settings["Knowledge:IndexPath"] = indexPath;
        settings["Knowledge:Watch"] = "false";
        settings["Llm:Provider"] = "none";
        return settings;
    }

    private static Dictionary<string, string?> ModelSettings(CommandContext context)
    {
        var configuration = context.Get<IConfiguration>();
        return new[] { EmbeddingsOptions.SectionName, RerankOptions.SectionName }
            .SelectMany(section => configuration.GetSection(section).AsEnumerable())
            .Where(kv => kv.Value is not null)
            .ToDictionary(kv => kv.Key, kv => kv.Value);
    }

    private static async Task<ServeFigures> RunChildAsync(CommandContext context, string knowledge, string indexPath, CancellationToken cancellationToken)
    {
        var line = context.Line;
        // The harness's own assembly, run by the dotnet host: the same whether bench runs from the apphost, `dotnet run` or a test.
        var host = Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } muxer ? muxer
            : Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";
        var start = new ProcessStartInfo(host) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(typeof(Harness).Assembly.Location);
        foreach (var a in new[] { "bench", "--serve-only", "--knowledge", knowledge, "--index", indexPath })
            start.ArgumentList.Add(a);
        foreach (var option in new[] { "--questions", "--runs", "--warmup", "--concurrency" })
        {
            if (line.Values.TryGetValue(option, out var value))
            {
                start.ArgumentList.Add(option);
                start.ArgumentList.Add(option == "--questions" ? Path.GetFullPath(value) : value);
            }
        }
        // The child reads appsettings.json and the environment itself; settings a caller gave the harness go by its environment.
        foreach (var (key, value) in ModelSettings(context))
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        using var child = Process.Start(start) ?? throw new InvalidOperationException("could not start the serving benchmark");
        var errors = child.StandardError.ReadToEndAsync(cancellationToken);
        var json = await child.StandardOutput.ReadToEndAsync(cancellationToken);
        await child.WaitForExitAsync(cancellationToken);
        await context.Error.WriteAsync(await errors);
        if (child.ExitCode != 0)
            throw new InvalidOperationException($"the serving benchmark failed (exit code {child.ExitCode})");
        return JsonSerializer.Deserialize<ServeFigures>(json, JsonOutput.Options)!;
    }

    // The child: reopen the persisted index, then latency, throughput and peak memory.
    private static async Task<int> ServeAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var figures = await ServeCoreAsync(context, cancellationToken);
        await context.Output.WriteLineAsync(JsonSerializer.Serialize(figures, JsonOutput.Options));
        return 0;
    }

    private static (int Runs, int Warmup, int Concurrency) ServingSettings(CommandLine line) =>
        (line.GetInt("--runs", 3, 1, 100), line.GetInt("--warmup", 100, 0), line.GetInt("--concurrency", Environment.ProcessorCount, 1, 256));

    private static async Task<ServeFigures> ServeCoreAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var line = context.Line;
        var (runs, warmup, concurrency) = ServingSettings(line);
        using var memory = new MemorySampler();
        var watch = Stopwatch.StartNew();
        var store = context.Get<IKnowledgeStore>();
        var snapshot = await store.LoadAsync(cancellationToken);
        var reopenMs = watch.Elapsed.TotalMilliseconds;
        if (!snapshot.Changes.IsEmpty || snapshot.Changes.Rebuilt)
            await context.Error.WriteLineAsync($"bench: warning: the reopened index was not reused as it was ({snapshot.Changes})");
        var questions = LoadQuestions(line.Values.GetValueOrDefault("--questions"), snapshot);
        var vectors = await VectorSearchAsync(context, snapshot, questions, cancellationToken);
        IQuestionAnswerer offline = context.Get<OfflineAnswerer>();
        await context.Error.WriteLineAsync($"bench: {questions.Count} questions × {runs} runs after {Math.Min(warmup, questions.Count)} warm-up …");
        foreach (var q in questions.Take(warmup))
            await offline.AnswerAsync(q, cancellationToken: cancellationToken);

        var retrieval = new List<double>();
        var answers = new List<double>();
        var contexts = new List<double>();
        for (var r = 0; r < runs; r++)
        {
            foreach (var q in questions)
            {
                // Retrieval (ranking, sentence selection, the scope check) and what the LLM path adds to it, choosing its
                // context, as the pipeline timed them; then the offline answer on its own, as a user gets it.
                var drafted = await offline.AnswerAsync(new AnswerRequest(q, WithContext: true), cancellationToken);
                if (drafted.Draft is { } draft)
                {
                    retrieval.Add(draft.Timings.Retrieval.TotalMilliseconds);
                    if (draft.Context is not null && !draft.Analyzed.IsEmpty)
                        contexts.Add(draft.Timings.Context.TotalMilliseconds);
                }
                var t = Stopwatch.GetTimestamp();
                await offline.AnswerAsync(q, cancellationToken: cancellationToken);
                answers.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            }
        }

        // The same questions scoped to the newest week of the knowledge ("2023年8月10日至16日的报道中，…"): the range is a
        // filter in the index, so a scoped question should cost what an unscoped one does.
        var scoped = new List<double>();
        if (snapshot.Articles.Where(a => a.Date is not null).Select(a => a.Date!.Value).DefaultIfEmpty().Max() is var newest && newest != default)
        {
            var from = newest.AddDays(-6);
            var prefix = $"{from.Year}年{from.Month}月{from.Day}日至{newest.Month}月{newest.Day}日的报道中，";
            for (var r = 0; r < runs; r++)
            {
                foreach (var q in questions)
                {
                    if ((await offline.AnswerAsync(new AnswerRequest(prefix + q, WithContext: true), cancellationToken)).Draft is { } draft)
                        scoped.Add(draft.Timings.Retrieval.TotalMilliseconds);
                }
            }
        }

        var total = questions.Count * runs;
        var next = -1;
        watch.Restart();
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
                await offline.AnswerAsync(questions[i % questions.Count], cancellationToken: cancellationToken);
        }, cancellationToken)));
        var throughput = total / watch.Elapsed.TotalSeconds;

        return new ServeFigures(Math.Round(reopenMs, 1), questions.Count, runs, Stats.Of(retrieval), Stats.Of(answers), Stats.Of(contexts), concurrency,
            Math.Round(throughput, 1), memory.PeakMegabytes) { Vectors = vectors, Scoped = scoped.Count > 0 ? Stats.Of(scoped) : null, PeakOwnMegabytes = memory.PeakOwnMegabytes };
    }

    private static async Task WriteAsync(CommandContext context, BenchReport r, bool json)
    {
        if (json)
        {
            await context.Output.WriteLineAsync(JsonSerializer.Serialize(r, JsonOutput.Indented));
            return;
        }
        var o = context.Output;
        await o.WriteLineAsync($"machine        {r.Machine}");
        await o.WriteLineAsync($"knowledge      {r.Build.Articles} articles, {r.Build.Passages} passages, {r.Build.TextMegabytes:F1} MB of text");
        await o.WriteLineAsync($"index build    {r.Build.Milliseconds:F0} ms ({r.Build.ArticlesPerSecond:F0} articles/s, {r.Build.MegabytesPerSecond:F2} MB/s), peak memory {r.Build.PeakMegabytes:F0} MB, {r.Build.CpuSeconds:F0} s of CPU"
            + (r.Build.Gc is { } gc ? $"; GC paused {gc.PauseSeconds:F1} s, collections {gc.Gen0}/{gc.Gen1}/{gc.Gen2} (gen 0/1/2), {gc.AllocatedGigabytes:F1} GB allocated" : ""));
        if (r.Build.Embedding is { } e)
            await o.WriteLineAsync($"embedding      {e.Passages} passages in {e.Milliseconds / 1000:F1} s ({e.MillisecondsPerArticle:F2} ms per article), {e.Dimensions} dimensions, {e.StoredMegabytes:F1} MB on disk");
        var s = r.Serving;
        await o.WriteLineAsync($"first answer   {r.ProcessStartToFirstAnswerMs:F0} ms after process start (index built from scratch)");
        await o.WriteLineAsync($"reopen         {s.ReopenMs:F0} ms (persisted index reused, fresh process)");
        await o.WriteLineAsync($"retrieval      median {s.Retrieval.Median:F2} ms  p95 {s.Retrieval.P95:F2} ms  p99 {s.Retrieval.P99:F2} ms  ({s.Questions} questions × {s.Runs})");
        if (s.Scoped is { } scopedStats)
            await o.WriteLineAsync($"scoped         median {scopedStats.Median:F2} ms  p95 {scopedStats.P95:F2} ms  p99 {scopedStats.P99:F2} ms  (retrieval of the same questions scoped to the newest week)");
        await o.WriteLineAsync($"offline answer median {s.Answer.Median:F2} ms  p95 {s.Answer.P95:F2} ms  p99 {s.Answer.P99:F2} ms");
        await o.WriteLineAsync($"LLM context    median {s.Context.Median:F2} ms  p95 {s.Context.P95:F2} ms  p99 {s.Context.P99:F2} ms  (added to retrieval by the LLM path)");
        if (s.Vectors is { } v)
        {
            await o.WriteLineAsync($"vector search  median {v.Search.Median:F2} ms  p95 {v.Search.P95:F2} ms  p99 {v.Search.P99:F2} ms  ({v.Passages} passages × {v.Dimensions} dimensions; part of retrieval)");
            await o.WriteLineAsync(v.RecallAt10 is { } recall
                ? $"vector recall  {recall:F3} of the exhaustive search's top 10 (approximate index, from Embeddings:ExactBelow passages)"
                : "vector recall  1 (exhaustive search, below Embeddings:ExactBelow passages)");
            await o.WriteLineAsync($"vectors reopen {v.ReopenMs:F0} ms (read from disk, added to the reopen)");
        }
        await o.WriteLineAsync($"throughput     {s.AnswersPerSecond:F0} answers/s with {s.Concurrency} concurrent askers");
        await o.WriteLineAsync($"peak memory    {s.PeakMegabytes:F0} MB while reopening and serving"
            + (s.PeakOwnMegabytes is { } own ? $" ({own:F0} MB of it the process's own; the rest, pages of the mapped index and vector files)" : ""));
        await o.WriteLineAsync($"index on disk  {r.Build.IndexMegabytes:F0} MB (Lucene index, article cache{(r.Build.Embedding is null ? "" : ", vectors")})");
        if (r.Update is { } u)
            await o.WriteLineAsync($"update         {u.Added} articles added in {u.Milliseconds / 1000:F1} s; {u.Answered} answers meanwhile, median {u.Answers.Median:F2} ms  p99 {u.Answers.P99:F2} ms; peak {u.PeakMegabytes:F0} MB");
    }

    // A subset of a JSONL corpus: its first lines, as a knowledge folder of its own.
    private static async Task<string> SubsetAsync(string source, int count, string work, CancellationToken cancellationToken)
    {
        if (!source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && !source.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("--articles needs a .jsonl or .jsonl.gz knowledge source.");
        var folder = Directory.CreateDirectory(Path.Combine(work, "knowledge")).FullName;
        await using var input = File.OpenRead(source);
        await using var stream = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(input, CompressionMode.Decompress) : (Stream)input;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        await using var writer = new StreamWriter(Path.Combine(folder, "subset.jsonl"), false, new UTF8Encoding(false));
        for (var i = 0; i < count && await reader.ReadLineAsync(cancellationToken) is { } l; i++)
            await writer.WriteLineAsync(l);
        return folder;
    }

    private static IReadOnlyList<string> LoadQuestions(string? path, KnowledgeSnapshot snapshot)
    {
        if (path is not null)
            return QuestionsIn(path).ToList();
        // Without a question file: the opening sentence of articles spread over the knowledge.
        var step = Math.Max(1, snapshot.Articles.Count / 200);
        return snapshot.Articles.Where((_, i) => i % step == 0).Take(200)
            .Select(a => NewspaperPageSplitter.Opening(a.Paragraphs[0], 40)).ToList();
    }

    /// <summary>The questions of an evaluation file (each one's last turn), as the benches ask them.</summary>
    internal static IEnumerable<string> QuestionsIn(string path) =>
        EvalQuestion.ReadFile(path).Select(q => q.AllTurns[^1]).Where(q => q.Length > 0);

    private static string FirstQuestion(KnowledgeSnapshot snapshot) =>
        snapshot.Articles.Count > 0 ? NewspaperPageSplitter.Opening(snapshot.Articles[0].Paragraphs[0], 20) : "测试";

    private static double TextMegabytes(KnowledgeSnapshot snapshot) =>
        Math.Round(snapshot.Articles.Sum(a => (long)Encoding.UTF8.GetByteCount(a.Body) + Encoding.UTF8.GetByteCount(a.Title)) / 1048576.0, 2);

    /// <summary>The garbage collector's work over a stretch of the process: pause time, collections per generation, bytes allocated.</summary>
    private sealed record GcFigures(double PauseSeconds, int Gen0, int Gen1, int Gen2, double AllocatedGigabytes)
    {
        public static GcFigures Now() => new(GC.GetTotalPauseDuration().TotalSeconds, GC.CollectionCount(0), GC.CollectionCount(1),
            GC.CollectionCount(2), GC.GetTotalAllocatedBytes() / 1e9);

        public static GcFigures operator -(GcFigures end, GcFigures start) => new(Math.Round(end.PauseSeconds - start.PauseSeconds, 1),
            end.Gen0 - start.Gen0, end.Gen1 - start.Gen1, end.Gen2 - start.Gen2, Math.Round(end.AllocatedGigabytes - start.AllocatedGigabytes, 1));
    }

    private sealed record BuildFigures(int Articles, int Passages, double TextMegabytes, double Milliseconds, double PeakMegabytes)
    {
        public EmbedFigures? Embedding { get; init; }

        public double IndexMegabytes { get; init; }

        // On a shared machine the wall time says more of the others' load than of this build.
        public double CpuSeconds { get; init; }

        // The garbage collector's share of the build: its pauses and the collections of each generation.
        public GcFigures? Gc { get; init; }

        public double ArticlesPerSecond => Math.Round(Articles / (Milliseconds / 1000), 1);

        public double MegabytesPerSecond => Math.Round(TextMegabytes / (Milliseconds / 1000), 3);
    }

    internal sealed record Stats(double Median, double P95, double P99)
    {
        public static Stats Of(List<double> values)
        {
            values.Sort();
            return new Stats(Percentiles.Of(values, 0.5), Percentiles.Of(values, 0.95), Percentiles.Of(values, 0.99));
        }
    }

    private sealed record BenchReport(string Machine, string Knowledge, BuildFigures Build, double ProcessStartToFirstAnswerMs, ServeFigures Serving)
    {
        public UpdateFigures? Update { get; init; }
    }

    internal sealed record UpdateFigures(int Added, double Milliseconds, int Answered, Stats Answers, double PeakMegabytes);

    internal sealed record ServeFigures(double ReopenMs, int Questions, int Runs, Stats Retrieval, Stats Answer, Stats Context, int Concurrency, double AnswersPerSecond, double PeakMegabytes)
    {
        /// <summary>The peak of the process's own memory while serving (Linux RssAnon), without mapped file pages; null where unknown.</summary>
        public double? PeakOwnMegabytes { get; init; }

        /// <summary>Retrieval of the questions scoped to the newest week of the knowledge; null when no article is dated.</summary>
        public Stats? Scoped { get; init; }

        /// <summary>With an embedding model: reopening the vectors, and the vector search alone.</summary>
        public VectorFigures? Vectors { get; init; }
    }

    internal sealed record EmbedFigures(int Passages, double Milliseconds, double MillisecondsPerArticle, int Dimensions, double StoredMegabytes);

    internal sealed record VectorFigures(double ReopenMs, int Passages, int Dimensions, Stats Search)
    {
        /// <summary>The approximate search's recall@10 against the exhaustive one; null when the search is exhaustive.</summary>
        public double? RecallAt10 { get; init; }
    }

    private static class Machine
    {
        public static string Describe() =>
            $"{Environment.ProcessorCount} cores, {GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / 1073741824.0:F0} GiB, {RuntimeInformation.OSDescription}, .NET {Environment.Version}";
    }

    // Samples the process's working set, since the peak of a phase is what matters, not the end state; and, where the
    // system tells it (Linux: RssAnon), the part of it that is the process's own memory, not pages of the index and
    // vector files it maps, which the kernel drops and reads again as it needs.
    private sealed class MemorySampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;
        private long _peakOwn;

        public MemorySampler() => _timer = new Timer(_ => Sample(), null, 0, 50);

        public double PeakMegabytes
        {
            get
            {
                Sample();
                return Math.Round(Interlocked.Read(ref _peak) / 1048576.0, 1);
            }
        }

        /// <summary>The peak of the process's own memory, or null where the system does not tell it.</summary>
        public double? PeakOwnMegabytes
        {
            get
            {
                Sample();
                var own = Interlocked.Read(ref _peakOwn);
                return own > 0 ? Math.Round(own / 1048576.0, 1) : null;
            }
        }

        public void Reset()
        {
            Interlocked.Exchange(ref _peak, 0);
            Interlocked.Exchange(ref _peakOwn, 0);
        }

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            Raise(ref _peak, process.WorkingSet64);
            if (OwnBytes() is { } own)
                Raise(ref _peakOwn, own);
        }

        private static void Raise(ref long peak, long current)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref peak);
            }
            while (current > seen && Interlocked.CompareExchange(ref peak, current, seen) != seen);
        }

        private static long? OwnBytes()
        {
            try
            {
                foreach (var line in File.ReadLines("/proc/self/status"))
                {
                    if (line.StartsWith("RssAnon:", StringComparison.Ordinal)
                        && long.TryParse(line.AsSpan(8).Trim().TrimEnd("kB").Trim(), out var kb))
                        return kb * 1024;
                }
            }
            catch (IOException)
            {
            }
            catch (UnauthorizedAccessException)
            {
            }
            return null;
        }

        public void Dispose() => _timer.Dispose();
    }
}
