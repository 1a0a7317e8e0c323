using Bot.Core.Search;

namespace Bot.Core.Knowledge;

/// <summary>Everything loaded at one time: articles, passages and their index. Immutable; a reload builds a new one.</summary>
public sealed class KnowledgeSnapshot(KnowledgeLoadResult load, IReadOnlyList<Passage> passages, KnowledgeIndex index, TimeSpan buildTime) : IDisposable
{
    private readonly Lazy<Dictionary<Article, (int Start, int Count)>> _ranges = new(() =>
    {
        var ranges = new Dictionary<Article, (int Start, int Count)>(ReferenceEqualityComparer.Instance);
        for (var i = 0; i < passages.Count; i++)
        {
            var article = passages[i].Article;
            ranges[article] = ranges.TryGetValue(article, out var r) ? (r.Start, r.Count + 1) : (i, 1);
        }
        return ranges;
    });

    /// <summary>An empty snapshot, before anything is loaded.</summary>
    public static KnowledgeSnapshot Empty { get; } = KnowledgeSnapshotFactory.Create(new KnowledgeLoadResult([], [], [], []), 200);

    /// <summary>The articles.</summary>
    public IReadOnlyList<Article> Articles => load.Articles;

    /// <summary>The files read.</summary>
    public IReadOnlyList<string> Files => load.Files;

    /// <summary>The files skipped, with the reason.</summary>
    public IReadOnlyList<SkippedFile> Skipped => load.Skipped;

    /// <summary>Warnings about parts of files.</summary>
    public IReadOnlyList<string> Warnings => load.Warnings;

    /// <summary>The passages, by ordinal.</summary>
    public IReadOnlyList<Passage> Passages => passages;

    /// <summary>The passages of <paramref name="article"/>, in order (they are stored contiguously).</summary>
    public IReadOnlyList<Passage> PassagesOf(Article article) =>
        _ranges.Value.TryGetValue(article, out var r) ? new ArraySegment<Passage>(passages as Passage[] ?? passages.ToArray(), r.Start, r.Count) : [];

    /// <summary>The search index.</summary>
    public KnowledgeIndex Index => index;

    /// <summary>How long cutting and indexing took.</summary>
    public TimeSpan BuildTime => buildTime;

    /// <inheritdoc />
    public void Dispose() => index.Dispose();
}
