using Bot.Core.Knowledge;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using LuceneDirectory = Lucene.Net.Store.Directory;

namespace Bot.Core.Search;

/// <summary>
/// A Lucene index of passages with BM25 over SmartCn words and character bigrams, titles weighted.
/// Articles are ranked by their best passage plus a share of their next ones, so that an article that answers
/// in one place beats one that mentions the words far apart.
/// </summary>
public sealed class KnowledgeIndex : IDisposable
{
    // Title matches count double: a headline names what the article is about. Checked on the seed and CRUD-RAG dev sets.
    private const float TitleBoost = 2f;
    private const int MaxQueryTerms = 64;

    private readonly LuceneDirectory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly IReadOnlyList<Article> _articles;
    private readonly IReadOnlyList<Passage> _passages;
    private readonly NumericDocValues _passageIds;
    private readonly NumericDocValues _articleIds;

    private KnowledgeIndex(LuceneDirectory directory, IReadOnlyList<Article> articles, IReadOnlyList<Passage> passages)
    {
        _directory = directory;
        _articles = articles;
        _passages = passages;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new FieldSimilarity() };
        _passageIds = MultiDocValues.GetNumericValues(_reader, Fields.Passage) ?? DocValues.EMPTY_NUMERIC;
        _articleIds = MultiDocValues.GetNumericValues(_reader, Fields.Article) ?? DocValues.EMPTY_NUMERIC;
        PassageCount = passages.Count;
    }

    /// <summary>Number of passages in the index.</summary>
    public int PassageCount { get; }

    /// <summary>Indexes <paramref name="articles"/> whole and as <paramref name="passages"/> into <paramref name="directory"/> (which it then owns).</summary>
    public static KnowledgeIndex Build(LuceneDirectory directory, IReadOnlyList<Article> articles, IReadOnlyList<Passage> passages, CancellationToken cancellationToken = default)
    {
        var config = new IndexWriterConfig(ChineseAnalysis.Version, ChineseAnalysis.ForIndex)
        {
            Similarity = new FieldSimilarity(),
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 256,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            var options = new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
            Parallel.For(0, articles.Count, options, () => new ArticleDocument(), (i, _, doc) =>
            {
                doc.Set(i, articles[i]);
                writer.AddDocument(doc.Document);
                return doc;
            }, _ => { });
            Parallel.For(0, passages.Count, options, () => new PassageDocument(), (i, _, doc) =>
            {
                doc.Set(passages[i]);
                writer.AddDocument(doc.Document);
                return doc;
            }, _ => { });
            writer.Commit();
        }
        return new KnowledgeIndex(directory, articles, passages);
    }

    private sealed class ArticleDocument
    {
        private readonly NumericDocValuesField _id = new(Fields.Article, 0);
        private readonly Field _titleW = new TextField(Fields.TitleWords, "", Field.Store.NO);
        private readonly Field _titleB = new TextField(Fields.TitleBigrams, "", Field.Store.NO);
        private readonly Field _bodyW = new TextField(Fields.ArticleWords, "", Field.Store.NO);
        private readonly Field _bodyB = new TextField(Fields.ArticleBigrams, "", Field.Store.NO);

        public ArticleDocument() => Document = [_id, _titleW, _titleB, _bodyW, _bodyB];

        public Document Document { get; }

        public void Set(int ordinal, Article article)
        {
            _id.SetInt64Value(ordinal);
            var title = article.HasOwnTitle ? article.Title : "";
            _titleW.SetStringValue(title);
            _titleB.SetStringValue(title);
            var body = article.Body;
            _bodyW.SetStringValue(body);
            _bodyB.SetStringValue(body);
        }
    }

    private sealed class PassageDocument
    {
        private readonly NumericDocValuesField _id = new(Fields.Passage, 0);
        private readonly Field _bodyW = new TextField(Fields.BodyWords, "", Field.Store.NO);
        private readonly Field _bodyB = new TextField(Fields.BodyBigrams, "", Field.Store.NO);

        public PassageDocument() => Document = [_id, _bodyW, _bodyB];

        public Document Document { get; }

        public void Set(Passage passage)
        {
            _id.SetInt64Value(passage.Ordinal);
            var text = passage.Text;
            _bodyW.SetStringValue(text);
            _bodyB.SetStringValue(text);
        }
    }

    /// <summary>The best passages for <paramref name="question"/>, best first.</summary>
    public IReadOnlyList<PassageHit> SearchPassages(AnalyzedQuestion question, int count)
    {
        var query = BuildQuery(question, Fields.BodyWords, Fields.BodyBigrams, withTitle: false);
        if (query.Clauses.Count == 0 || _passages.Count == 0)
            return [];
        var top = _searcher.Search(query, count);
        var hits = new List<PassageHit>(top.ScoreDocs.Length);
        foreach (var sd in top.ScoreDocs)
            hits.Add(new PassageHit(_passages[(int)_passageIds.Get(sd.Doc)], sd.Score));
        return hits;
    }

    /// <summary>
    /// The best articles for <paramref name="question"/>, best first, each with its best passages. An article's score
    /// fuses its whole-text BM25 with its best passage's, each normalised by the best of its list.
    /// </summary>
    public IReadOnlyList<ArticleHit> SearchArticles(AnalyzedQuestion question, int count, int pool = 100)
    {
        var query = BuildQuery(question, Fields.ArticleWords, Fields.ArticleBigrams, withTitle: true);
        if (query.Clauses.Count == 0 || _articles.Count == 0)
            return [];
        var articleTop = _searcher.Search(query, pool).ScoreDocs;
        var passageHits = SearchPassages(question, pool * 2);

        var scores = new Dictionary<Article, (double Article, double Passage)>(ReferenceEqualityComparer.Instance);
        var articleMax = articleTop.Length > 0 ? articleTop[0].Score : 1f;
        foreach (var sd in articleTop)
            scores[_articles[(int)_articleIds.Get(sd.Doc)]] = (sd.Score / articleMax, 0);

        var groups = new Dictionary<Article, List<PassageHit>>(ReferenceEqualityComparer.Instance);
        var passageMax = passageHits.Count > 0 ? passageHits[0].Score : 1;
        foreach (var hit in passageHits)
        {
            var article = hit.Passage.Article;
            if (!groups.TryGetValue(article, out var list))
            {
                groups[article] = list = [];
                scores[article] = (scores.GetValueOrDefault(article).Article, hit.Score / passageMax);
            }
            list.Add(hit);
        }

        return scores
            .Select(kv => (kv.Key, Score: kv.Value.Article + PassageWeight * kv.Value.Passage))
            .OrderByDescending(x => x.Score)
            .Take(count)
            .Select(x => new ArticleHit(x.Key, x.Score, groups.TryGetValue(x.Key, out var list) ? list : BestPassagesOf(x.Key, question)))
            .ToList();
    }

    // Whole-article BM25 finds the story, the best passage finds where the words stand together; on the CRUD-RAG
    // 10k dev set fusing them (passage weight 2) lifted hit@1 from 0.60 (article alone) to 0.63.
    private const double PassageWeight = 2.0;

    // Articles vary from a paragraph to compilations of many stories; full length normalisation (b = 0.75) buries the
    // long ones that hold the answer. b = 0.3 on whole articles scored best on the CRUD-RAG 10k dev set (0.75: 0.55 hit@1).
    private sealed class FieldSimilarity : PerFieldSimilarityWrapper
    {
        private static readonly Similarity Articles = new BM25Similarity(1.2f, 0.3f);
        private static readonly Similarity Passages = new BM25Similarity();

        public override Similarity Get(string name) => name is Fields.ArticleWords or Fields.ArticleBigrams ? Articles : Passages;
    }

    // An article found by its whole text whose passages were outside the passage pool: take its first passages.
    private IReadOnlyList<PassageHit> BestPassagesOf(Article article, AnalyzedQuestion question) =>
        _passages.Where(p => ReferenceEquals(p.Article, article)).Take(3).Select(p => new PassageHit(p, 0)).ToList();

    /// <summary>Inverse document frequency of a term over passages: high for rare terms, highest for unseen ones.</summary>
    public double Idf(QueryTerm term)
    {
        var field = term.IsWord ? Fields.BodyWords : Fields.BodyBigrams;
        var df = _reader.DocFreq(new Term(field, term.Text));
        var n = Math.Max(1, _reader.NumDocs);
        return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    private static BooleanQuery BuildQuery(AnalyzedQuestion question, string wordField, string bigramField, bool withTitle)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var term in question.Terms.Where(t => t.IsWord).Take(MaxQueryTerms))
        {
            query.Add(new TermQuery(new Term(wordField, term.Text)), Occur.SHOULD);
            if (withTitle)
                query.Add(new TermQuery(new Term(Fields.TitleWords, term.Text)) { Boost = TitleBoost }, Occur.SHOULD);
        }
        foreach (var bigram in question.Bigrams.Take(MaxQueryTerms))
        {
            query.Add(new TermQuery(new Term(bigramField, bigram)), Occur.SHOULD);
            if (withTitle)
                query.Add(new TermQuery(new Term(Fields.TitleBigrams, bigram)) { Boost = TitleBoost }, Occur.SHOULD);
        }
        return query;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
