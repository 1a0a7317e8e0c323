namespace Bot.Core.Knowledge;

/// <summary>
/// A run of whole sentences of one paragraph of an article: the unit that is indexed and retrieved. It holds where its
/// sentences stand in the paragraph, not copies of them, so that the text of a large archive is in memory once.
/// </summary>
/// <param name="Ordinal">Position of the passage in the whole store.</param>
/// <param name="Article">The article it belongs to.</param>
/// <param name="Position">Position of the passage inside its article (0 = first).</param>
/// <param name="Paragraph">The paragraph of the article it comes from.</param>
/// <param name="Bounds">Start and end (exclusive) of each sentence in the paragraph: start0, end0, start1, end1, …</param>
public sealed record Passage(int Ordinal, Article Article, int Position, int Paragraph, int[] Bounds)
{
    /// <summary>Number of sentences.</summary>
    public int SentenceCount => Bounds.Length / 2;

    /// <summary>Sentence <paramref name="index"/>.</summary>
    public string Sentence(int index) => Article.Paragraphs[Paragraph][Bounds[2 * index]..Bounds[2 * index + 1]];

    /// <summary>The sentences, in order.</summary>
    public IReadOnlyList<string> Sentences => Enumerable.Range(0, SentenceCount).Select(Sentence).ToArray();

    /// <summary>The passage text, from its first sentence to its last.</summary>
    public string Text => Article.Paragraphs[Paragraph][Bounds[0]..Bounds[^1]];
}
