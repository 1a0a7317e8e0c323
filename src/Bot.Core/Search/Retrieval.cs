using Bot.Core.Knowledge;

namespace Bot.Core.Search;

/// <summary>The outcome of retrieval and sentence selection.</summary>
/// <param name="Articles">Ranked articles.</param>
/// <param name="Selected">The sentences chosen as the answer, in reading order.</param>
/// <param name="Coverage">The best share of the question's content that one passage (with its title) holds.</param>
public sealed record Retrieval(IReadOnlyList<ArticleHit> Articles, IReadOnlyList<ScoredSentence> Selected, double Coverage)
{
    /// <summary>Nothing found.</summary>
    public static Retrieval None { get; } = new([], [], 0);

    /// <summary>The best cosine similarity to the question of a passage of the first articles (0 without embeddings).</summary>
    public double Meaning { get; init; }
}

/// <summary>A candidate sentence and its score.</summary>
public sealed record ScoredSentence(ArticleHit Article, Passage Passage, int Index, string Text, double Score)
{
    /// <summary>Where the sentence stands in its article: passage position, then sentence.</summary>
    public long Order => ((long)Passage.Position << 16) + Index;

    /// <summary>What the score was computed from.</summary>
    public SentenceFeatures Features { get; init; }

    /// <summary>The part of <see cref="Text"/> an answer quotes (the clauses that answer, <see cref="Ranking.ClauseSpans"/>), or null for all of it.</summary>
    public string? Span { get; init; }
}
