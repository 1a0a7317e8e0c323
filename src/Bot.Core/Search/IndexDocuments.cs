using Bot.Core.Knowledge;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Util;

namespace Bot.Core.Search;

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
    private readonly Field _bodyBigrams = new(Fields.BodyBigrams, "", Searchable);
    private readonly Document _passage;

    private readonly StringField _articleFile = new(Fields.File, "", Field.Store.NO);
    private readonly BinaryDocValuesField _articleKey = new(Fields.Article, new BytesRef());
    private readonly Field _titleWords = new(Fields.TitleWords, "", Searchable);
    private readonly Field _titleBigrams = new(Fields.TitleBigrams, "", Searchable);
    private readonly Field _articleBigrams = new(Fields.ArticleBigrams, "", Searchable);
    private readonly Document _article;

    public IndexDocuments()
    {
        _passage = [_passageFile, _passageKey, _position, _bodyWords, _bodyBigrams];
        _article = [_articleFile, _articleKey, new NumericDocValuesField(Fields.Passage, -1), _titleWords, _titleBigrams, _articleBigrams];
    }

    /// <summary>Adds <paramref name="article"/>'s passages, then the article itself, to <paramref name="writer"/>.</summary>
    public void AddTo(IndexWriter writer, ArticleCatalog catalog, Article article)
    {
        var key = catalog.KeyOf(article);
        foreach (var passage in catalog.PassagesOf(article))
            writer.AddDocument(Passage(key, passage));
        writer.AddDocument(Article(key, article));
    }

    private Document Passage(string key, Passage passage)
    {
        _passageFile.SetStringValue(passage.Article.SourcePath);
        _passageKey.SetBytesValue(new BytesRef(key));
        _position.SetInt64Value(passage.Position);
        _bodyWords.SetStringValue(passage.Text);
        _bodyBigrams.SetStringValue(passage.Text);
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
        _articleBigrams.SetStringValue(article.Body);
        return _article;
    }
}
