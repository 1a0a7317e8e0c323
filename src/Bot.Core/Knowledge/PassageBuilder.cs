namespace Bot.Core.Knowledge;

/// <summary>Cuts articles into passages of whole sentences, each knowing its article and position.</summary>
public static class PassageBuilder
{
    /// <summary>Cuts <paramref name="article"/> into passages of about <paramref name="targetChars"/> characters, numbered from <paramref name="firstOrdinal"/>.</summary>
    public static IReadOnlyList<Passage> Build(Article article, int firstOrdinal, int targetChars)
    {
        var passages = new List<Passage>();
        for (var p = 0; p < article.Paragraphs.Count; p++)
        {
            var current = new List<int>();
            var length = 0;
            foreach (var (start, end) in SentenceSplitter.Spans(article.Paragraphs[p]))
            {
                if (current.Count > 0 && length + (end - start) > targetChars)
                    Flush();
                current.Add(start);
                current.Add(end);
                length += end - start;
            }
            Flush();

            void Flush()
            {
                if (current.Count == 0)
                    return;
                passages.Add(new Passage(firstOrdinal + passages.Count, article, passages.Count, p, current.ToArray()));
                current.Clear();
                length = 0;
            }
        }
        return passages;
    }
}
