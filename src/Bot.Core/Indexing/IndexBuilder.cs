using System.Runtime.ExceptionServices;
using Bot.Core.Knowledge;
using Lucene.Net.Index;
using Lucene.Net.Store;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Bot.Core.Indexing;

/// <summary>
/// Adds articles to an index on every core. A large batch is built as one part per core, each by its own writer, and
/// the parts then join the index. A single writer flushes its last segment when it commits, on the committing thread
/// alone: over 68,798 articles that left one core idle for the last 10 s of a 60 s build. Each part's writer commits
/// on its own thread, so the last segments are written side by side.
/// </summary>
internal static class IndexBuilder
{
    /// <summary>Batches with fewer articles than this per core go straight into the index: parts would cost more than they save.</summary>
    internal const int ArticlesPerPart = 1000;

    // What the parts may hold in memory together before they write segments. 68,798 articles fit in 512 MB on two
    // cores, so that each part writes one segment at the end: run in turn, 46.6 and 59.5 s against 61.0 and 66.6 s with
    // 256 MB (a segment written midway by each part), at a peak of 850-910 MB against 760-790 MB. At a million articles
    // 1 GB writes 8 segments instead of 22, and a question's searches visit each: answer p50 over the 8, served in turn
    // with the 22, 19.46 / 18.02 / 17.98 ms against 22.87 / 20.05 ms; the build 569-611 s against 581-597 s (2026-12-08).
    // The peak stays under 4 GB because the collector compacts the buffers left at each flush (ConserveMemory in
    // Directory.Build.props).
    private const double PartsBufferMegabytes = 1024;

    /// <summary>The folder beside a persisted index where its parts are built; removed when they have joined it.</summary>
    internal const string PartsFolder = "parts";

    /// <summary>Adds each of <paramref name="articles"/> with its passages to <paramref name="writer"/>, without committing.</summary>
    public static void Add(IndexWriter writer, IReadOnlyList<Article> articles, ArticleCatalog catalog, CancellationToken cancellationToken)
    {
        var parts = Math.Min(Environment.ProcessorCount, articles.Count / ArticlesPerPart);
        var root = writer.Directory is FSDirectory persisted ? Path.Combine(persisted.Directory.FullName, PartsFolder) : null;
        // Parts left by a build that was killed are never used again.
        DeleteFolder(root);
        try
        {
            if (parts > 1)
                AddInParts(writer, articles, catalog, parts, root, cancellationToken);
            else
                AddDirectly(writer, articles, catalog, cancellationToken);
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
    }

    private static void AddDirectly(IndexWriter writer, IReadOnlyList<Article> articles, ArticleCatalog catalog, CancellationToken cancellationToken)
    {
        var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
        Parallel.ForEach(articles, options, () => new IndexDocuments(), (article, _, documents) =>
        {
            documents.AddTo(writer, catalog, article);
            return documents;
        }, _ => { });
    }

    private static void AddInParts(IndexWriter writer, IReadOnlyList<Article> articles, ArticleCatalog catalog, int parts, string? root, CancellationToken cancellationToken)
    {
        var directories = new LuceneDirectory[parts];
        var next = -1;
        try
        {
            Parallel.For(0, parts, new ParallelOptions { MaxDegreeOfParallelism = parts }, part =>
            {
                var directory = directories[part] = root is null
                    ? new RAMDirectory()
                    : new SimpleFSDirectory(new DirectoryInfo(Path.Combine(root, part.ToString(System.Globalization.CultureInfo.InvariantCulture))));
                var config = KnowledgeIndex.WriterConfig(OpenMode.CREATE);
                config.RAMBufferSizeMB = PartsBufferMegabytes / parts;
                using var partWriter = new IndexWriter(directory, config);
                var documents = new IndexDocuments();
                // Articles are handed out one at a time, so that no part waits for a slower one at the end.
                int i;
                while (!cancellationToken.IsCancellationRequested && (i = Interlocked.Increment(ref next)) < articles.Count)
                    documents.AddTo(partWriter, catalog, articles[i]);
                if (cancellationToken.IsCancellationRequested)
                    partWriter.Rollback();
                else
                    partWriter.Commit();
            });
            cancellationToken.ThrowIfCancellationRequested();
            // Copies the parts' segments as they are, without merging them.
            writer.AddIndexes(directories);
        }
        finally
        {
            foreach (var directory in directories)
                directory?.Dispose();
            DeleteFolder(root);
        }
    }

    private static void DeleteFolder(string? path)
    {
        if (path is not null && System.IO.Directory.Exists(path))
            System.IO.Directory.Delete(path, recursive: true);
    }
}
