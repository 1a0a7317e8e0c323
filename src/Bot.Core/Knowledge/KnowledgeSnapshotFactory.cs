using System.Diagnostics;
using Bot.Core.Search;
using Lucene.Net.Store;

namespace Bot.Core.Knowledge;

/// <summary>Cuts loaded articles into passages and indexes them.</summary>
public static class KnowledgeSnapshotFactory
{
    /// <summary>Builds an in-memory snapshot of <paramref name="load"/>.</summary>
    public static KnowledgeSnapshot Create(KnowledgeLoadResult load, int passageChars, CancellationToken cancellationToken = default)
    {
        var watch = Stopwatch.StartNew();
        var passages = new List<Passage>();
        foreach (var article in load.Articles)
            passages.AddRange(PassageBuilder.Build(article, passages.Count, passageChars));
        var index = KnowledgeIndex.Build(new RAMDirectory(), load.Articles, passages, cancellationToken);
        return new KnowledgeSnapshot(load, passages.ToArray(), index, watch.Elapsed);
    }
}
