namespace Bot.Core.Knowledge;

/// <summary>A run of whole sentences from one article: the unit that is indexed and retrieved.</summary>
/// <param name="Ordinal">Position of the passage in the whole store.</param>
/// <param name="Article">The article it belongs to.</param>
/// <param name="Position">Position of the passage inside its article (0 = first).</param>
/// <param name="Sentences">The sentences, in order.</param>
public sealed record Passage(int Ordinal, Article Article, int Position, IReadOnlyList<string> Sentences)
{
    /// <summary>The passage text.</summary>
    public string Text => string.Concat(Sentences);
}
