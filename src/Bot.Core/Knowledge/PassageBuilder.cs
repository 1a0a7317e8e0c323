namespace Bot.Core.Knowledge;

/// <summary>Cuts articles into passages of whole sentences, each knowing its article and position.</summary>
public static class PassageBuilder
{
    /// <summary>Cuts <paramref name="article"/> into passages of about <paramref name="targetChars"/> characters, numbered from <paramref name="firstOrdinal"/>.</summary>
    public static IReadOnlyList<Passage> Build(Article article, int firstOrdinal, int targetChars)
    {
        var passages = new List<Passage>();
        foreach (var paragraph in article.Paragraphs)
        {
            var current = new List<string>();
            var length = 0;
            foreach (var sentence in SentenceSplitter.Split(paragraph))
            {
                if (current.Count > 0 && length + sentence.Length > targetChars)
                {
                    Flush();
                }
                current.Add(sentence);
                length += sentence.Length;
            }
            Flush();

            void Flush()
            {
                if (current.Count == 0)
                    return;
                passages.Add(new Passage(firstOrdinal + passages.Count, article, passages.Count, current.ToArray()));
                current.Clear();
                length = 0;
            }
        }
        return passages;
    }
}
