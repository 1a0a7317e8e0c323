namespace Bot.Core.Knowledge;

/// <summary>Cuts articles into passages of whole sentences, each knowing its article and position.</summary>
public static class PassageBuilder
{
    /// <summary>
    /// Where the passages of <paramref name="article"/> stand, in order: for each, its paragraph and the start and end
    /// of each of its sentences there, about <paramref name="targetChars"/> characters a passage.
    /// </summary>
    public static IReadOnlyList<(int Paragraph, int[] Bounds)> Cut(Article article, int targetChars)
    {
        var cuts = new List<(int, int[])>();
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
                cuts.Add((p, current.ToArray()));
                current.Clear();
                length = 0;
            }
        }
        return cuts;
    }
}
