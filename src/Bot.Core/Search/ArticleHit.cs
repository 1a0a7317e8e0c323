using Bot.Core.Knowledge;

namespace Bot.Core.Search;

/// <summary>A retrieved article: its score and its best passages, best first.</summary>
public sealed record ArticleHit(Article Article, double Score, IReadOnlyList<PassageHit> Passages)
{
    /// <summary>The cosine similarity of its passage nearest the question by meaning (0 without embeddings).</summary>
    public double Meaning { get; init; }
}
