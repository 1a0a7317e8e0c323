using System.Diagnostics;
using Bot.Core.Semantic;
using Microsoft.Extensions.Logging.Abstractions;

namespace Bot.Console.Commands;

/// <summary>
/// <c>bench --vectors N [--dimensions D] [--seed S]</c>: the vector search alone, exact against approximate, on N made-up
/// vectors (clustered: 1 topic per 300 vectors, each vector its topic plus noise of the same size, as texts on a few
/// thousand stories give). Measured: the store's write, the HNSW build, reopening it (mapped), each search's latency,
/// and the approximate search's recall@10 against the exact search on the same vectors (not against relevance).
/// </summary>
internal static class VectorBench
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var line = context.Line;
        var count = line.GetInt("--vectors", 0, 1);
        var dims = line.GetInt("--dimensions", 1024, 8, VectorStore.MaxDimensions);
        var seed = line.GetInt("--seed", 1, 0);
        var queries = line.GetInt("--runs", 200, 1, 10_000);
        var log = context.Error;
        var work = Directory.CreateTempSubdirectory("bot-vectors-");
        try
        {
            var random = new Random(seed);
            var topics = Math.Max(1, count / 300);
            var centres = new float[topics][];
            for (var t = 0; t < topics; t++)
                centres[t] = Noise(random, dims);
            float[] Make() => Add(centres[random.Next(topics)], Noise(random, dims));

            var watch = Stopwatch.StartNew();
            using (var store = VectorStore.Open(work.FullName, "bench", dims, NullLogger.Instance))
            {
                for (var done = 0; done < count; done += 4096)
                {
                    var batch = Enumerable.Range(done, Math.Min(4096, count - done)).Select(i => (new UInt128(0, (ulong)i), Make())).ToList();
                    store.Add(batch);
                }
            }
            await log.WriteLineAsync($"bench: {count} vectors of {dims} dimensions written in {watch.Elapsed.TotalSeconds:F0} s; building the index …");
            GC.Collect();

            watch.Restart();
            double buildSeconds;
            double buildCpuSeconds;
            long buildPeak;
            using (var store = VectorStore.Open(work.FullName, "bench", dims, NullLogger.Instance))
            using (var sampler = new PeakSampler())
            {
                var loaded = watch.Elapsed.TotalSeconds;
                watch.Restart();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                using var built = HnswIndex.Open(store, NullLogger.Instance);
                buildSeconds = watch.Elapsed.TotalSeconds;
                buildCpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                buildPeak = sampler.Peak;
                await log.WriteLineAsync($"bench: store read in {loaded:F1} s, index built in {buildSeconds:F0} s; reopening and searching …");
            }
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Aggressive, blocking: true, compacting: true);

            using var reopened = VectorStore.Open(work.FullName, "bench", dims, NullLogger.Instance);
            watch.Restart();
            using var index = HnswIndex.Open(reopened, NullLogger.Instance);
            var reopenMs = watch.Elapsed.TotalMilliseconds;
            var (blocks, scales) = reopened.Rows();
            var exactTimes = new List<double>();
            var approximateTimes = new List<double>();
            double hits = 0;
            var rows = new ulong[10];
            var similarities = new float[10];
            for (var q = 0; q < queries; q++)
            {
                var question = VectorStore.Quantize(Make()).Values;
                var t = Stopwatch.GetTimestamp();
                var exact = Exact(question, blocks, scales, dims, 10);
                exactTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                t = Stopwatch.GetTimestamp();
                var found = index.Search(question, 10, rows, similarities);
                approximateTimes.Add(Stopwatch.GetElapsedTime(t).TotalMilliseconds);
                hits += rows.Take(found).Count(r => exact.Contains((int)r));
            }
            using var self = Process.GetCurrentProcess();
            var figures = new
            {
                vectors = count,
                dimensions = dims,
                storeMegabytes = Math.Round(reopened.FileBytes / 1048576.0, 1),
                indexMegabytes = Math.Round(index.FileBytes / 1048576.0, 1),
                buildSeconds = Math.Round(buildSeconds, 1),
                buildCpuSeconds = Math.Round(buildCpuSeconds, 1),
                buildPeakMegabytes = buildPeak / 1048576,
                reopenMs = Math.Round(reopenMs, 1),
                servingWorkingSetMegabytes = self.WorkingSet64 / 1048576,
                recallAt10 = Math.Round(hits / (queries * 10.0), 4),
                exact = BenchCommand.Stats.Of(exactTimes),
                approximate = BenchCommand.Stats.Of(approximateTimes),
            };
            await context.Output.WriteLineAsync(System.Text.Json.JsonSerializer.Serialize(figures, JsonOutput.Indented));
            return 0;
        }
        finally
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

    // The exact search as PassageVectors runs it: every row's dot product with the question, in parallel slices.
    private static HashSet<int> Exact(sbyte[] question, sbyte[][] blocks, float[] scales, int dims, int k)
    {
        var q = Array.ConvertAll(question, v => (short)v);
        var slices = Environment.ProcessorCount;
        var size = (scales.Length + slices - 1) / slices;
        var partial = new List<(int Row, float Score)>[slices];
        Parallel.For(0, slices, s =>
        {
            var best = new PriorityQueue<int, float>(k + 1);
            for (var row = s * size; row < Math.Min(scales.Length, (s + 1) * size); row++)
            {
                var score = VectorStore.Dot(q, VectorStore.Row(blocks, row, dims)) * scales[row];
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
        return partial.SelectMany(p => p).OrderByDescending(p => p.Score).Take(k).Select(p => p.Row).ToHashSet();
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
