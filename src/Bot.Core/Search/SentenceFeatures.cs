namespace Bot.Core.Search;

/// <summary>
/// What is known about a candidate answer sentence when it is scored; <see cref="SentenceModel"/> weighs these into its
/// score. Each lies between 0 and 1.
/// </summary>
/// <param name="Words">IDF-weighted share of the question's words in the sentence, a word of its article's title counting as held.</param>
/// <param name="OwnWords">The same share, without the title's help.</param>
/// <param name="Bigrams">Share of the question's bigrams in the sentence.</param>
/// <param name="Passage">Share of the question's words in the sentence's passage with its title.</param>
/// <param name="Neighbours">The better share of the question's words in the sentence before or after it in its passage.</param>
/// <param name="Rank">The article's retrieval score against the first article's.</param>
/// <param name="FirstArticle">1 for a sentence of the first-ranked article.</param>
/// <param name="Evidence">1 when the sentence holds what the question asks for (a number for 多少, a date for 什么时候 …).</param>
/// <param name="Lead">1 for the first sentence of its article (a news lead says who, what, when).</param>
/// <param name="Length">The sentence's length in characters, over 200 (capped at 1).</param>
/// <param name="Meaning">The cosine similarity of its passage to the question, when an embedding model found it (else 0).</param>
public readonly record struct SentenceFeatures(
    double Words, double OwnWords, double Bigrams, double Passage, double Neighbours,
    double Rank, double FirstArticle, double Evidence, double Lead, double Length, double Meaning = 0)
{
    /// <summary>The number of features.</summary>
    public const int Count = 11;

    /// <summary>The features' names, in <see cref="ToArray"/> order: the keys of a fitted model's weights.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [nameof(Words), nameof(OwnWords), nameof(Bigrams), nameof(Passage), nameof(Neighbours),
         nameof(Rank), nameof(FirstArticle), nameof(Evidence), nameof(Lead), nameof(Length), nameof(Meaning)];

    /// <summary>The features in <see cref="Names"/> order.</summary>
    public float[] ToArray() =>
        [(float)Words, (float)OwnWords, (float)Bigrams, (float)Passage, (float)Neighbours,
         (float)Rank, (float)FirstArticle, (float)Evidence, (float)Lead, (float)Length, (float)Meaning];
}
