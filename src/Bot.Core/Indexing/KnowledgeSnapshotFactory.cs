using System.Collections.Concurrent;
using System.Diagnostics;
using Bot.Core.Knowledge;
using Bot.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Store;

namespace Bot.Core.Indexing;

/// <summary>Cuts loaded articles into passages and indexes them.</summary>
public static class KnowledgeSnapshotFactory
{
    /// <summary>
    /// Bumped when readers, passage cutting or the indexed fields change what an unchanged file produces, so persisted
    /// indexes are rebuilt (4: the article's date as a numeric field).
    /// </summary>
    public const int FormatVersion = 4;

    /// <summary>The version a persisted index must have been built with to be reused.</summary>
    public static string IndexVersion(int passageChars) => $"analysis{ChineseAnalysis.AnalysisVersion}-format{FormatVersion}-passage{passageChars}";

    /// <summary>
    /// Cuts every article into passages (numbered in load order) and catalogues them; an article of
    /// <paramref name="previous"/> (the same object, from a file that did not change) keeps its cut.
    /// </summary>
    public static (Passage[] Passages, ArticleCatalog Catalog) Cut(KnowledgeLoadResult load, int passageChars, KnowledgeSnapshot? previous = null)
    {
        // Sentence splitting is the cost, and articles are independent: they are cut in parallel, then their passages
        // are numbered in load order. An article whose text is in the article cache takes the cut kept beside its entry
        // (its text is not read at all); entries without one get it written.
        var version = IndexVersion(passageChars);
        var kept = new ConcurrentDictionary<ArticleTextFile, Lazy<(int Paragraph, int[] Bounds)[][]?>>(ReferenceEqualityComparer.Instance);
        var cuts = new IReadOnlyList<(int Paragraph, int[] Bounds)>[load.Articles.Count];
        Parallel.For(0, cuts.Length, i => cuts[i] = CutOf(load.Articles[i], passageChars, previous, version, kept));
        WriteCuts(load.Articles, cuts, version, kept);
        var array = new Passage[cuts.Sum(c => c.Count)];
        var next = 0;
        for (var a = 0; a < cuts.Length; a++)
        {
            for (var position = 0; position < cuts[a].Count; position++, next++)
                array[next] = new Passage(next, load.Articles[a], position, cuts[a][position].Paragraph, cuts[a][position].Bounds);
        }
        return (array, new ArticleCatalog(load.Articles, array));
    }

    private static IReadOnlyList<(int Paragraph, int[] Bounds)> CutOf(Article article, int passageChars, KnowledgeSnapshot? previous, string version,
        ConcurrentDictionary<ArticleTextFile, Lazy<(int Paragraph, int[] Bounds)[][]?>> kept)
    {
        if (previous is not null && previous.PassagesOf(article) is { Count: > 0 } passages)
            return passages.Select(p => (p.Paragraph, p.Bounds)).ToArray();
        if (article.Paragraphs is StoredParagraphs stored
            && kept.GetOrAdd(stored.File, file => new Lazy<(int, int[])[][]?>(() => file.TryReadCuts(version))).Value is { } cuts)
            return cuts[stored.Number];
        return PassageBuilder.Cut(article, passageChars);
    }

    // Keeps the cuts of each entry whose articles were cut from their text here, all of them.
    private static void WriteCuts(IReadOnlyList<Article> articles, IReadOnlyList<(int Paragraph, int[] Bounds)>[] cuts, string version,
        ConcurrentDictionary<ArticleTextFile, Lazy<(int Paragraph, int[] Bounds)[][]?>> kept)
    {
        var made = new Dictionary<ArticleTextFile, IReadOnlyList<(int Paragraph, int[] Bounds)>[]>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < articles.Count; i++)
        {
            if (articles[i].Paragraphs is not StoredParagraphs stored || !kept.TryGetValue(stored.File, out var read) || read.Value is not null)
                continue;
            if (!made.TryGetValue(stored.File, out var byNumber))
                made[stored.File] = byNumber = new IReadOnlyList<(int, int[])>[stored.File.Count];
            byNumber[stored.Number] = cuts[i];
        }
        foreach (var (file, byNumber) in made)
        {
            if (byNumber.All(c => c is not null))
                file.WriteCuts(version, byNumber);
        }
    }

    /// <summary>Builds a snapshot of <paramref name="load"/> with an index in memory.</summary>
    public static KnowledgeSnapshot CreateInMemory(KnowledgeLoadResult load, int passageChars, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var (passages, catalog) = Cut(load, passageChars);
        var directory = new RAMDirectory();
        IndexChanges changes;
        using (var writer = new IndexWriter(directory, KnowledgeIndex.WriterConfig(OpenMode.CREATE)))
            changes = KnowledgeIndex.Update(writer, load, catalog, IndexVersion(passageChars), cancellationToken);
        var index = new KnowledgeIndex(DirectoryReader.Open(directory), catalog);
        return new KnowledgeSnapshot(load, passages, catalog, index, watch.Elapsed, changes, directory);
    }

    /// <summary>
    /// Brings the index behind <paramref name="writer"/> (on disk or in memory) up to date and opens a snapshot over it;
    /// the articles <paramref name="previous"/> already held keep their passages.
    /// </summary>
    public static KnowledgeSnapshot CreatePersisted(KnowledgeLoadResult load, int passageChars, IndexWriter writer, CancellationToken cancellationToken = default,
        KnowledgeSnapshot? previous = null)
    {
        var watch = Stopwatch.StartNew();
        var (passages, catalog) = Cut(load, passageChars, previous);
        var cut = watch.Elapsed;
        var changes = KnowledgeIndex.Update(writer, load, catalog, IndexVersion(passageChars), cancellationToken);
        var indexed = watch.Elapsed;
        var index = new KnowledgeIndex(DirectoryReader.Open(writer, applyAllDeletes: true), catalog);
        return new KnowledgeSnapshot(load, passages, catalog, index, watch.Elapsed, changes)
        {
            Stages = $"cut {cut.TotalMilliseconds:F0} ms, index and commit {(indexed - cut).TotalMilliseconds:F0} ms, open {(watch.Elapsed - indexed).TotalMilliseconds:F0} ms",
        };
    }

    /// <summary>
    /// Opens the last commit of the index in <paramref name="folder"/> read-only, when it was built from exactly the
    /// files of <paramref name="load"/> with this analysis and passage size; else null. Nothing in the folder is written.
    /// </summary>
    public static KnowledgeSnapshot? TryOpenReadOnly(KnowledgeLoadResult load, int passageChars, string folder)
    {
        var watch = Stopwatch.StartNew();
        var directory = new SimpleFSDirectory(new DirectoryInfo(folder));
        DirectoryReader? reader = null;
        try
        {
            if (!DirectoryReader.IndexExists(directory))
                return null;
            reader = DirectoryReader.Open(directory);
            var files = KnowledgeIndex.ReadManifest(reader.IndexCommit.UserData, IndexVersion(passageChars));
            if (files is null || files.Count != load.FileHashes.Count || files.Any(f => load.FileHashes.GetValueOrDefault(f.Key) != f.Value))
                return null;
            var (passages, catalog) = Cut(load, passageChars);
            var snapshot = new KnowledgeSnapshot(load, passages, catalog, new KnowledgeIndex(reader, catalog), watch.Elapsed,
                new IndexChanges([], [], [], load.FileHashes.Count, false), directory);
            (reader, directory) = (null, null);
            return snapshot;
        }
        catch (Exception e) when (IndexIntegrity.IsDamage(e))
        {
            // The other process may be replacing it right now, or it is damaged: build in memory instead.
            return null;
        }
        finally
        {
            reader?.Dispose();
            directory?.Dispose();
        }
    }
}
