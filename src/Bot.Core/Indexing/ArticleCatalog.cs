using Bot.Core.Knowledge;

namespace Bot.Core.Indexing;

/// <summary>
/// Finds articles and passages by the keys stored in the index: an article's key is its file and its number in that
/// file, stable for as long as the file is unchanged, so a persisted index can be reused across runs.
/// </summary>
public sealed class ArticleCatalog
{
    private readonly Dictionary<string, Article> _byKey = new(StringComparer.Ordinal);
    private readonly Dictionary<Article, string> _keys = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Article, ArraySegment<Passage>> _passages = new(ReferenceEqualityComparer.Instance);

    /// <summary>Catalogues <paramref name="articles"/> and their <paramref name="passages"/> (contiguous per article).</summary>
    public ArticleCatalog(IReadOnlyList<Article> articles, Passage[] passages)
    {
        var numberInFile = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var article in articles)
        {
            var n = numberInFile.GetValueOrDefault(article.SourcePath);
            numberInFile[article.SourcePath] = n + 1;
            var key = KeyOf(article.SourcePath, n);
            _byKey[key] = article;
            _keys[article] = key;
        }
        var start = 0;
        for (var i = 1; i <= passages.Length; i++)
        {
            if (i == passages.Length || !ReferenceEquals(passages[i].Article, passages[start].Article))
            {
                _passages[passages[start].Article] = new ArraySegment<Passage>(passages, start, i - start);
                start = i;
            }
        }
    }

    /// <summary>The key of <paramref name="article"/>.</summary>
    public string KeyOf(Article article) => _keys[article];

    /// <summary>The article with <paramref name="key"/>, or null when it is not loaded.</summary>
    public Article? Find(string key) => _byKey.GetValueOrDefault(key);

    /// <summary>The passages of <paramref name="article"/>, in order.</summary>
    public IReadOnlyList<Passage> PassagesOf(Article article) => _passages.TryGetValue(article, out var p) ? p : [];

    private static string KeyOf(string file, int number) => $"{file}\u001f{number}";
}
