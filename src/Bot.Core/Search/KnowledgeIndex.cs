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
    private readonly IReadOnlyList<Passage> _passages;
    private readonly NumericDocValues _passageIds;

    private KnowledgeIndex(LuceneDirectory directory, IReadOnlyList<Passage> passages)
    {
        _directory = directory;
        _passages = passages;
        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity() };
        _passageIds = MultiDocValues.GetNumericValues(_reader, Fields.Passage);
        PassageCount = _reader.NumDocs;
    }

    /// <summary>Number of passages in the index.</summary>
    public int PassageCount { get; }

    /// <summary>Indexes <paramref name="passages"/> into <paramref name="directory"/> (which it then owns).</summary>
    public static KnowledgeIndex Build(LuceneDirectory directory, IReadOnlyList<Passage> passages, CancellationToken cancellationToken = default)
    {
        var config = new IndexWriterConfig(ChineseAnalysis.Version, ChineseAnalysis.ForIndex)
        {
            Similarity = new BM25Similarity(),
            OpenMode = OpenMode.CREATE,
            RAMBufferSizeMB = 256,
        };
        using (var writer = new IndexWriter(directory, config))
        {
            var options = passages.Count == 0 ? null : new ParallelOptions { CancellationToken = cancellationToken, MaxDegreeOfParallelism = Environment.ProcessorCount };
            if (options is not null)
            Parallel.ForEach(System.Collections.Concurrent.Partitioner.Create(0, passages.Count, 256), options, range =>
            {
                var doc = NewDocument(out var id, out var titleW, out var titleB, out var bodyW, out var bodyB);
                for (var i = range.Item1; i < range.Item2; i++)
                {
                    var p = passages[i];
                    id.SetInt64Value(p.Ordinal);
                    titleW.SetStringValue(p.Article.Title);
                    titleB.SetStringValue(p.Article.Title);
                    var text = p.Text;
                    bodyW.SetStringValue(text);
                    bodyB.SetStringValue(text);
                    writer.AddDocument(doc);
                }
            });
            writer.Commit();
        }
        return new KnowledgeIndex(directory, passages);
    }

    private static Document NewDocument(out NumericDocValuesField id, out Field titleW, out Field titleB, out Field bodyW, out Field bodyB)
    {
        id = new NumericDocValuesField(Fields.Passage, 0);
        titleW = new TextField(Fields.TitleWords, "", Field.Store.NO);
        titleB = new TextField(Fields.TitleBigrams, "", Field.Store.NO);
        bodyW = new TextField(Fields.BodyWords, "", Field.Store.NO);
        bodyB = new TextField(Fields.BodyBigrams, "", Field.Store.NO);
        return [id, titleW, titleB, bodyW, bodyB];
    }

    /// <summary>The best passages for <paramref name="question"/>, best first.</summary>
    public IReadOnlyList<PassageHit> SearchPassages(AnalyzedQuestion question, int count)
    {
        var query = BuildQuery(question);
        if (query.Clauses.Count == 0)
            return [];
        var top = _searcher.Search(query, count);
        var hits = new List<PassageHit>(top.ScoreDocs.Length);
        foreach (var sd in top.ScoreDocs)
            hits.Add(new PassageHit(_passages[(int)_passageIds.Get(sd.Doc)], sd.Score));
        return hits;
    }

    /// <summary>The best articles for <paramref name="question"/>, best first, each with its best passages.</summary>
    public IReadOnlyList<ArticleHit> SearchArticles(AnalyzedQuestion question, int count, int passagePool = 200)
    {
        var groups = new Dictionary<Article, List<PassageHit>>(ReferenceEqualityComparer.Instance);
        var order = new List<Article>();
        foreach (var hit in SearchPassages(question, passagePool))
        {
            if (!groups.TryGetValue(hit.Passage.Article, out var list))
            {
                groups[hit.Passage.Article] = list = [];
                order.Add(hit.Passage.Article);
            }
            list.Add(hit);
        }
        return order
            .Select(a => new ArticleHit(a, ArticleScore(groups[a]), groups[a]))
            .OrderByDescending(h => h.Score)
            .Take(count)
            .ToList();
    }

    // The best passage decides; further passages add a little, as evidence the article is about the question as a whole.
    private static double ArticleScore(List<PassageHit> hits)
    {
        var score = hits[0].Score;
        for (var i = 1; i < hits.Count && i < 4; i++)
            score += hits[i].Score * 0.1;
        return score;
    }

    /// <summary>Inverse document frequency of a term over passages: high for rare terms, highest for unseen ones.</summary>
    public double Idf(QueryTerm term)
    {
        var field = term.IsWord ? Fields.BodyWords : Fields.BodyBigrams;
        var df = _reader.DocFreq(new Term(field, term.Text));
        var n = Math.Max(1, _reader.NumDocs);
        return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    private static BooleanQuery BuildQuery(AnalyzedQuestion question)
    {
        var query = new BooleanQuery(disableCoord: true);
        foreach (var term in question.Terms.Where(t => t.IsWord).Take(MaxQueryTerms))
        {
            query.Add(new TermQuery(new Term(Fields.BodyWords, term.Text)), Occur.SHOULD);
            query.Add(new TermQuery(new Term(Fields.TitleWords, term.Text)) { Boost = TitleBoost }, Occur.SHOULD);
        }
        foreach (var bigram in question.Bigrams.Take(MaxQueryTerms))
        {
            query.Add(new TermQuery(new Term(Fields.BodyBigrams, bigram)), Occur.SHOULD);
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
