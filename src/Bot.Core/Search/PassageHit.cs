using Bot.Core.Knowledge;

namespace Bot.Core.Search;

/// <summary>A retrieved passage and its BM25 score.</summary>
public sealed record PassageHit(Passage Passage, double Score)
{
    /// <summary>Its cosine similarity to the question by meaning (0 without embeddings, or when it was found by words only).</summary>
    public double Meaning { get; init; }
}
