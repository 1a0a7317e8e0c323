using System.Diagnostics;
using System.Globalization;
using Bot.Core.Semantic;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Console.Commands;

/// <summary>
/// <c>bench --vectors N[,N2…] [--dimensions D] [--seed S] [--runs Q] [--topics T | --texts corpus.jsonl.gz [--questions
/// q.jsonl]] [--expansions E[,E2…]] [--connectivity M] [--expansion-add A] [--folder=DIR] [--minutes=M]</c>: the
/// vector search alone, exact against approximate. The vectors are made up: by default clustered (T topics, by default
/// one per 300 of the largest N when the folder is started, each vector its topic plus noise of the same size); with
/// <c>--texts</c>, passages made from that corpus and questions from the question file, as <see cref="TextVectors"/>
/// embeds them. One store and one index grow through the sizes given, in steps of at most 250,000 rows (the index is
/// extended after each), and each size is measured: the HNSW build (wall and CPU, summed over the steps), reopening
/// store and index (mapped), each search's latency both ways, memory while serving the approximate search, and its
/// recall@10 against the exact search on the same vectors (not against relevance), for each search list of
/// <c>--expansions</c> (the index's own by default), on a graph of degree <c>--connectivity</c> built with adding lists
/// of <c>--expansion-add</c> (<see cref="HnswShape.Default"/> unless given). Recall is counted by rows (a row of the
/// exact ten) and with ties (a row whose cosine is at least the exact tenth's less 0.001, as ann-benchmarks counts it:
/// rows that near are interchangeable), after one untimed pass of the questions. With <c>--folder</c> the store and
/// index are kept there and a later run goes on from what is built (row i is the same vector in every run); with
/// <c>--minutes</c> a run stops after the step that passes that time, to be run again.
/// </summary>
internal static class VectorBench
{
    private const int Step = 250_000;
    private const string Model = "bench";
    private const double TieMargin = 0.001;

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var line = context.Line;
        var sizes = line.Values["--vectors"].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var n) && n > 0 ? n : throw new ArgumentException($"--vectors takes whole numbers above 0, comma-separated, not '{s}'."))
            .Distinct().Order().ToList();
        var dims = line.GetInt("--dimensions", 1024, 8, VectorStore.MaxDimensions);
        var seed = line.GetInt("--seed", 1, 0);
        var queries = line.GetInt("--runs", 200, 1, 10_000);
        var minutes = line.GetInt("--minutes", 0, 0);
        var kept = line.Values.GetValueOrDefault("--folder");
        var shape = HnswShape.Default with
        {
            Connectivity = line.GetInt("--connectivity", HnswShape.Default.Connectivity, 2, 256),
            ExpansionAdd = line.GetInt("--expansion-add", HnswShape.Default.ExpansionAdd, 1, 10_000),
        };
        var texts = line.Values.GetValueOrDefault("--texts");
        var expansions = line.Values.TryGetValue("--expansions", out var listed)
            ? listed.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(s => int.TryParse(s, CultureInfo.InvariantCulture, out var e) && e is > 0 and <= 100_000 ? e : throw new ArgumentException($"--expansions takes whole numbers from 1 to 100000, comma-separated, not '{s}'."))
                .Distinct().ToList()
            : null;
        var log = context.Error;
        var work = kept is null ? Directory.CreateTempSubdirectory("bot-vectors-") : Directory.CreateDirectory(kept);
        try
        {
            // The vectors made depend on these: a folder made with others cannot be grown. A kept folder's topics stay
            // those it was started with, unless given.
            var made = Path.Combine(work.FullName, "bench-vectors.txt");
            var keptWords = File.Exists(made) ? (await File.ReadAllTextAsync(made, cancellationToken)).Split(' ') : [];
            var topicsAt = Array.IndexOf(keptWords, "topics");
            var keptTopics = topicsAt >= 0 && topicsAt + 1 < keptWords.Length
                && int.TryParse(keptWords[topicsAt + 1], CultureInfo.InvariantCulture, out var n) ? n : Math.Max(1, sizes[^1] / 300);
            var topics = line.GetInt("--topics", keptTopics);
            TextVectors? textVectors = null;
            if (texts is not null)
                textVectors = new TextVectors(await ScaleCorpus.ReadAsync(texts, cancellationToken), dims);
            var recipe = textVectors is null ? $"seed {seed} dimensions {dims} topics {topics}" : $"seed {seed} dimensions {dims} texts {Path.GetFileName(texts)}";
            // A graph of another shape is another folder's: its index is built with it from the first row.
            if (shape != HnswShape.Default)
                recipe += $" graph {shape.Connectivity} {shape.ExpansionAdd}";
            if (File.Exists(made) && (await File.ReadAllTextAsync(made, cancellationToken)).Trim() != recipe)
            {
                await log.WriteLineAsync($"bench: {work.FullName} holds vectors made with {(await File.ReadAllTextAsync(made, cancellationToken)).Trim()}, not {recipe}.");
                return 2;
            }
            await File.WriteAllTextAsync(made, recipe, cancellationToken);
            var centres = new float[topics][];
            if (textVectors is null)
                Parallel.For(0, topics, t => centres[t] = Noise(new Random(Mix(seed, -1 - t)), dims));
            float[] Make(Random random) => textVectors?.Passage(random) ?? Add(centres[random.Next(topics)], Noise(random, dims));
            var questionRandom = new Random(Mix(seed, int.MinValue));
            var questionVectors = textVectors is null
                ? Enumerable.Range(0, queries).Select(_ => Make(questionRandom)).ToList()
                : (line.Values.GetValueOrDefault("--questions") is { } file ? BenchCommand.QuestionsIn(file) : []).Take(queries).Select(textVectors.Of).ToList();
            if (questionVectors.Count == 0)
            {
                await log.WriteLineAsync("bench: --texts needs --questions with at least one \"question\" line");
                return 2;
            }

            var deadline = minutes > 0 ? Stopwatch.StartNew() : null;
            var results = new List<object>();
            foreach (var size in sizes)
            {
                int had;
                using (var store = VectorStore.Open(work.FullName, Model, dims, NullLogger.Instance))
                    had = store.Count;
                if (had > size)
                {
                    await log.WriteLineAsync($"bench: {had} vectors already in {work.FullName}; {size} cannot be measured there");
                    continue;
                }
                if (!await GrowAsync(work.FullName, size, dims, seed, shape, Make, deadline, minutes, log))
                    return 3;
                results.Add(Measure(work.FullName, size, dims, shape, textVectors is null ? topics : null, questionVectors, expansions));
                await context.Output.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(results[^1], JsonOutput.Indented));
            }
            return 0;
        }
        finally
        {
            if (kept is null)
            {
                try
                {
                    work.Delete(recursive: true);
                }
                catch (IOException)
                {
                }
            }
        }
    }

    // The store grown to size rows, a step at a time, the index extended after each step; each step's build time is
    // appended to bench-build.tsv (rows after it, wall seconds, CPU seconds, peak resident megabytes). False when the
    // time given ran out first.
    private static async Task<bool> GrowAsync(string folder, int size, int dims, int seed, HnswShape shape, Func<Random, float[]> make, Stopwatch? deadline, int minutes, TextWriter log)
    {
        using var store = VectorStore.Open(folder, Model, dims, NullLogger.Instance);
        HnswIndex? index = null;
        try
        {
            if (store.Count > 0)
                index = HnswIndex.Open(store, shape, NullLogger.Instance);
            while (store.Count < size || index is null || index.Count < store.Count)
            {
                if (deadline is not null && deadline.Elapsed.TotalMinutes >= minutes)
                {
                    await log.WriteLineAsync($"bench: stopped at {store.Count} vectors after {minutes} minutes; run again to go on");
                    return false;
                }
                var to = Math.Min(size, store.Count + Step);
                var write = Stopwatch.StartNew();
                for (var from = store.Count; from < to; from = store.Count)
                {
                    var batch = new (UInt128, float[])[Math.Min(4096, to - from)];
                    Parallel.For(0, batch.Length, i => batch[i] = (new UInt128(0, (ulong)(from + i)), make(new Random(Mix(seed, from + i)))));
                    store.Add(batch);
                }
                var written = write.Elapsed.TotalSeconds;
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                using (var sampler = new PeakSampler())
                {
                    if (index is null)
                        index = HnswIndex.Open(store, shape, NullLogger.Instance);
                    else
                        index.Extend(store);
                    var step = string.Join('\t', index.Count, watch.Elapsed.TotalSeconds.ToString("F1", CultureInfo.InvariantCulture),
                        (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds.ToString("F1", CultureInfo.InvariantCulture), sampler.Peak / 1048576);
                    await File.AppendAllTextAsync(Path.Combine(folder, "bench-build.tsv"), step + "\n");
                    await log.WriteLineAsync($"bench: {index.Count} vectors (written in {written:F0} s), index extended in {watch.Elapsed.TotalSeconds:F0} s");
                }
            }
            return true;
        }
        finally
        {
            index?.Dispose();
        }
    }

    private static object Measure(string folder, int size, int dims, HnswShape shape, int? topics, IReadOnlyList<float[]> questionVectors, IReadOnlyList<int>? expansions)
    {
        const int K = 10;
        var steps = File.ReadLines(Path.Combine(folder, "bench-build.tsv")).Select(l => l.Split('\t'))
            .Select(f => (Rows: int.Parse(f[0], CultureInfo.InvariantCulture), Wall: double.Parse(f[1], CultureInfo.InvariantCulture), Cpu: double.Parse(f[2], CultureInfo.InvariantCulture), Peak: long.Parse(f[3], CultureInfo.InvariantCulture)))
            .Where(s => s.Rows <= size).ToList();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);
        var before = Memory.Now();
        var watch = Stopwatch.StartNew();
        using var store = VectorStore.Open(folder, Model, dims, NullLogger.Instance);
        var storeMs = watch.Elapsed.TotalMilliseconds;
        using var index = HnswIndex.Open(store, shape, NullLogger.Instance);
        var reopenMs = watch.Elapsed.TotalMilliseconds;
        var quantized = questionVectors.Select(v => VectorStore.Quantize(v)).ToList();
        var questions = quantized.Select(q => q.Values).ToList();
        expansions ??= [index.SearchExpansion];
        var searches = new List<(int Expansion, List<double> Times, List<ulong[]> Found)>();
        // One untimed pass first: the first searches of a mapped index fault its pages in, which would be counted
        // against whichever list came first.
        var warm = new ulong[K];
        var warmSimilarities = new float[K];
        foreach (var question in questions)
            index.Search(question, K, warm, warmSimilarities);
        Memory? serving = null;
        foreach (var expansion in expansions)
        {
            index.SearchExpansion = expansion;
            var times = new List<double>();
            var found = new List<ulong[]>();
            var similarities = new float[K];
            foreach (var question in questions)
            {
                var rows = new ulong[K];
                var t = Stopwatch.GetTimestamp();
                var n = index.Search(question, K, rows, similarities);
                times.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                found.Add(rows[..n]);
            }
            searches.Add((expansion, times, found));
            serving ??= Memory.Now();
        }
        var heap = GC.GetTotalMemory(false);
        var exactTimes = new List<double>();
        var hits = new double[searches.Count];
        var tied = new double[searches.Count];
        var all = store.Rows();
        if (!all.TryAcquire())
            throw new ObjectDisposedException(nameof(VectorStore));
        for (var q = 0; q < questions.Count; q++)
        {
            var t = Stopwatch.GetTimestamp();
            var exact = Exact(questions[q], all, K);
            exactTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
            var rows = exact.Select(e => e.Row).ToHashSet();
            // With ties: a row whose cosine is at least the exact tenth's less 0.001, as ann-benchmarks counts.
            var scale = quantized[q].Scale;
            var tenth = exact.Count < K ? double.MinValue : exact[^1].Score * (double)scale - TieMargin;
            var widened = Array.ConvertAll(questions[q], v => (short)v);
            for (var s = 0; s < searches.Count; s++)
            {
                var found = searches[s].Found[q];
                hits[s] += found.Count(r => rows.Contains((int)r));
                tied[s] += found.Count(r => Score(widened, all, (int)r) * (double)scale >= tenth);
            }
        }
        all.Release();
        var measured = searches.Select((s, i) => new
        {
            expansion = s.Expansion,
            recallAt10 = Math.Round(hits[i] / (questions.Count * (double)K), 4),
            recallAt10WithTies = Math.Round(tied[i] / (questions.Count * (double)K), 4),
            latency = BenchCommand.Stats.Of(s.Times),
        }).ToList();
        return new
        {
            vectors = size,
            dimensions = dims,
            source = topics is null ? "texts" : "clusters",
            connectivity = shape.Connectivity,
            expansionAdd = shape.ExpansionAdd,
            topics,
            questions = questions.Count,
            storeMegabytes = Math.Round(store.FileBytes / 1048576.0, 1),
            indexMegabytes = Math.Round(index.FileBytes / 1048576.0, 1),
            buildSteps = steps.Count,
            buildSeconds = Math.Round(steps.Sum(s => s.Wall), 1),
            buildCpuSeconds = Math.Round(steps.Sum(s => s.Cpu), 1),
            buildPeakMegabytes = steps.Count == 0 ? 0 : steps.Max(s => s.Peak),
            storeReopenMs = Math.Round(storeMs, 1),
            reopenMs = Math.Round(reopenMs, 1),
            // After reopening and the approximate searches, before the exact ones read every row.
            servingHeapMegabytes = heap / 1048576,
            servingAnonymousMegabytes = (serving!.Value.Anonymous - before.Anonymous) / 1048576,
            servingFileMegabytes = (serving.Value.File - before.File) / 1048576,
            servingResidentMegabytes = (serving.Value.Anonymous + serving.Value.File) / 1048576,
            recallAt10 = measured[0].recallAt10,
            recallAt10WithTies = measured[0].recallAt10WithTies,
            exact = BenchCommand.Stats.Of(exactTimes),
            approximate = measured[0].latency,
            expansions = measured,
        };
    }

    private static float Score(short[] question, VectorRows rows, int row) => VectorStore.Dot(question, rows[row]) * rows.Scale(row);

    // The exact search as PassageVectors runs it: every row's dot product with the question, in parallel slices from
    // 20,000 rows on (one thread below: PassageVectors.ParallelFrom).
    private static List<(int Row, float Score)> Exact(sbyte[] question, VectorRows rows, int k)
    {
        var q = Array.ConvertAll(question, v => (short)v);
        var slices = rows.Count < 20_000 ? 1 : Environment.ProcessorCount;
        var size = (rows.Count + slices - 1) / slices;
        var partial = new List<(int Row, float Score)>[slices];
        Parallel.For(0, slices, s =>
        {
            var best = new PriorityQueue<int, float>(k + 1);
            for (var row = s * size; row < Math.Min(rows.Count, (s + 1) * size); row++)
            {
                var score = Score(q, rows, row);
                if (best.Count < k)
                    best.Enqueue(row, score);
                else if (best.TryPeek(out _, out var lowest) && score > lowest)
                    best.EnqueueDequeue(row, score);
            }
            var list = new List<(int, float)>();
            while (best.TryDequeue(out var row, out var score))
                list.Add((row, score));
            partial[s] = list;
        });
        return partial.SelectMany(p => p).OrderByDescending(p => p.Score).Take(k).ToList();
    }

    // A seed for row (or topic, or the questions) i of a run's seed: each vector is made alone, the same in every run.
    // (SplitMix64's finaliser: HashCode is seeded anew in each process.)
    private static int Mix(int seed, int i)
    {
        var z = ((ulong)(uint)seed << 32 | (uint)i) + 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return (int)((z ^ (z >> 31)) & int.MaxValue);
    }

    private static float[] Noise(Random random, int dims)
    {
        var v = new float[dims];
        for (var i = 0; i < dims; i++)
            v[i] = (float)(random.NextDouble() - 0.5);
        return v;
    }

    private static float[] Add(float[] a, float[] b)
    {
        for (var i = 0; i < b.Length; i++)
            b[i] += a[i];
        return b;
    }

    // Resident memory split as Linux reports it: anonymous (the heap, native allocations) and file-backed (mapped files).
    private readonly record struct Memory(long Anonymous, long File)
    {
        public static Memory Now()
        {
            long anonymous = -1, file = -1;
            try
            {
                foreach (var l in System.IO.File.ReadLines("/proc/self/status"))
                {
                    if (l.StartsWith("RssAnon:", StringComparison.Ordinal))
                        anonymous = Kilobytes(l) * 1024;
                    else if (l.StartsWith("RssFile:", StringComparison.Ordinal))
                        file = Kilobytes(l) * 1024;
                }
            }
            catch (IOException)
            {
            }
            if (anonymous < 0)
            {
                using var self = Process.GetCurrentProcess();
                (anonymous, file) = (self.WorkingSet64, 0);
            }
            return new Memory(anonymous, Math.Max(0, file));
        }

        private static long Kilobytes(string line) =>
            long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }

    private sealed class PeakSampler : IDisposable
    {
        private readonly Timer _timer;
        private long _peak;

        public PeakSampler() => _timer = new Timer(_ => Sample(), null, 0, 100);

        public long Peak
        {
            get
            {
                Sample();
                return Interlocked.Read(ref _peak);
            }
        }

        private void Sample()
        {
            using var process = Process.GetCurrentProcess();
            var current = process.WorkingSet64;
            if (current > Interlocked.Read(ref _peak))
                Interlocked.Exchange(ref _peak, current);
        }

        public void Dispose() => _timer.Dispose();
    }
}
