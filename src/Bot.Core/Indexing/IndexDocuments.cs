using Bot.Core.Knowledge;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;
using Fields = Bot.Core.Search.Fields;

namespace Bot.Core.Indexing;

/// <summary>
/// One passage document and one article document, refilled for each passage and article an indexing thread adds: a new
/// field per document cost a token stream and, in Lucene.Net, a lock around its attribute factory that the indexing
/// threads queued on. One instance per thread.
/// </summary>
internal sealed class IndexDocuments
{
    // Terms and their frequencies are all BM25 needs; positions (for phrase queries, which are not used) would cost
    // a third of the indexing time and space.
    private static readonly FieldType Searchable = new(TextField.TYPE_NOT_STORED) { IndexOptions = IndexOptions.DOCS_AND_FREQS };

    private readonly StringField _passageFile = new(Fields.File, "", Field.Store.NO);
    private readonly BinaryDocValuesField _passageKey = new(Fields.Article, new BytesRef());
    private readonly NumericDocValuesField _position = new(Fields.Passage, 0);
    private readonly Field _bodyWords = new(Fields.BodyWords, "", Searchable);
    private readonly Int32Field _passageDate = new(Fields.Date, 0, Field.Store.NO);
    private readonly BigramReplay _passageBigrams = new();
    private readonly Field _bodyBigrams;
    private readonly Document _passage;

    private readonly StringField _articleFile = new(Fields.File, "", Field.Store.NO);
    private readonly BinaryDocValuesField _articleKey = new(Fields.Article, new BytesRef());
    private readonly Field _titleWords = new(Fields.TitleWords, "", Searchable);
    private readonly Int32Field _articleDate = new(Fields.Date, 0, Field.Store.NO);
    private readonly Field _titleBigrams = new(Fields.TitleBigrams, "", Searchable);
    private readonly BigramReplay _articleBigramReplay = new();
    private readonly Field _articleBigrams;
    private readonly Document _article;

    // An article's bigrams serve its passages too: analysing them once per passage and once per article was a tenth of
    // the build's CPU.
    private readonly BigramTokens _articleTokens = new();
    private readonly BigramTokens _passageTokens = new();

    public IndexDocuments()
    {
        _bodyBigrams = new Field(Fields.BodyBigrams, _passageBigrams, Searchable);
        _articleBigrams = new Field(Fields.ArticleBigrams, _articleBigramReplay, Searchable);
        _passage = [_passageFile, _passageKey, _position, _bodyWords, _bodyBigrams, _passageDate];
        _article = [_articleFile, _articleKey, new NumericDocValuesField(Fields.Passage, -1), _titleWords, _titleBigrams, _articleBigrams, _articleDate];
    }

    /// <summary>Adds <paramref name="article"/>'s passages, then the article itself, to <paramref name="writer"/>.</summary>
    public void AddTo(IndexWriter writer, ArticleCatalog catalog, Article article)
    {
        var key = catalog.KeyOf(article);
        foreach (var (passage, text) in WithBigrams(article, catalog.PassagesOf(article)))
            writer.AddDocument(Passage(key, passage, text));
        _articleBigramReplay.Set(_articleTokens, 0, _articleTokens.Count, 0);
        writer.AddDocument(Article(key, article));
    }

    /// <summary>The passage bigrams field's tokens, as <see cref="WithBigrams"/> last set them.</summary>
    internal TokenStream PassageBigrams => _passageBigrams;

    /// <summary>
    /// Analyses <paramref name="article"/>'s body once, then yields each of its <paramref name="passages"/> with its text,
    /// <see cref="PassageBigrams"/> set to the tokens the passage alone gives.
    /// </summary>
    internal IEnumerable<(Passage Passage, string Text)> WithBigrams(Article article, IReadOnlyList<Passage> passages)
    {
        _articleTokens.Analyze(article.Body);
        var cursor = 0;
        foreach (var passage in passages)
        {
            var text = passage.Text;
            var start = article.BodyOffset(passage.Paragraph) + passage.Bounds[0];
            if (_articleTokens.TrySlice(start, start + text.Length, ref cursor, out var from, out var to))
            {
                _passageBigrams.Set(_articleTokens, from, to, start);
            }
            else
            {
                _passageTokens.Analyze(text);
                _passageBigrams.Set(_passageTokens, 0, _passageTokens.Count, 0);
            }
            yield return (passage, text);
        }
    }

    private Document Passage(string key, Passage passage, string text)
    {
        _passageFile.SetStringValue(passage.Article.SourcePath);
        _passageKey.SetBytesValue(new BytesRef(key));
        _position.SetInt64Value(passage.Position);
        _bodyWords.SetStringValue(text);
        _passageDate.SetInt32Value(DayOf(passage.Article));
        return _passage;
    }

    // The whole article is indexed by bigrams only: its words added nothing to the ranking that its bigrams and its
    // passages' words do not give (CRUD-RAG dev over 10,000 articles: hit@1 0.643 with them, 0.645 without; over
    // 68,798: 0.548 and 0.542; CMRC 2018 unchanged) and took the 68,798-article build from 82 s to 71 s.
    private Document Article(string key, Article article)
    {
        var title = article.HasOwnTitle ? article.Title : "";
        _articleFile.SetStringValue(article.SourcePath);
        _articleKey.SetBytesValue(new BytesRef(key));
        _titleWords.SetStringValue(title);
        _titleBigrams.SetStringValue(title);
        _articleDate.SetInt32Value(DayOf(article));
        return _article;
    }

    /// <summary>An article's date as indexed (<see cref="DateOnly.DayNumber"/>, range-searchable), 0 when it has none.</summary>
    internal static int DayOf(Article article) => article.Date?.DayNumber ?? Undated;

    /// <summary>The indexed date of an undated article.</summary>
    internal const int Undated = 0;
}
