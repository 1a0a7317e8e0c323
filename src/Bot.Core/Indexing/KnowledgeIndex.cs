using System.Text.Json;
using Bot.Core.Knowledge;
using Bot.Core.Search;
using Fields = Bot.Core.Search.Fields;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Util;

namespace Bot.Core.Indexing;

/// <summary>
/// A Lucene index of whole articles and of their passages, with BM25 over SmartCn words and character bigrams,
/// titles weighted. Articles are ranked by fusing their whole-text score with their best passage's score.
/// </summary>
public sealed class KnowledgeIndex : IDisposable
{
    private const string ManifestKey = "manifest";

    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly ArticleCatalog _catalog;
    private readonly Dictionary<string, int> _docCounts;

    /// <summary>Opens a searcher over <paramref name="reader"/> (which it then owns).</summary>
    public KnowledgeIndex(DirectoryReader reader, ArticleCatalog catalog)
    {
        _reader = reader;
        _catalog = catalog;
        _searcher = new IndexSearcher(reader) { Similarity = new FieldSimilarity() };
        // A reader's statistics never change: counted once here, not for every term of every question.
        _docCounts = new[] { Fields.BodyWords, Fields.BodyBigrams, Fields.ArticleBigrams }
            .ToDictionary(f => f, reader.GetDocCount);
    }

    /// <summary>Documents (articles and passages) in the index.</summary>
    public int DocumentCount => _reader.NumDocs;

    /// <summary>The writer settings every index uses.</summary>
    public static IndexWriterConfig WriterConfig(OpenMode mode) => new(ChineseAnalysis.Version, ChineseAnalysis.ForIndex)
    {
        Similarity = new FieldSimilarity(),
        OpenMode = mode,
        RAMBufferSizeMB = 256,
        // Compound files would copy every flushed segment once more; a knowledge index has few segments anyway.
        UseCompoundFile = false,
        MergePolicy = new TieredMergePolicy { NoCFSRatio = 0.0, SegmentsPerTier = 20 },
    };

    /// <summary>
    /// Brings the index behind <paramref name="writer"/> up to date with <paramref name="load"/>: files whose hash is
    /// unchanged since the last commit are left as they are, changed and new files are analysed and indexed, deleted
    /// files removed. An index built with another analysis or passage size is rebuilt. Commits atomically with the new manifest.
    /// </summary>
    public static IndexChanges Update(IndexWriter writer, KnowledgeLoadResult load, ArticleCatalog catalog, string indexVersion, CancellationToken cancellationToken)
    {
        var previous = ReadManifest(writer, indexVersion);
        var rebuilt = previous is null;
        if (rebuilt)
            writer.DeleteAll();
        previous ??= [];

        var added = new List<string>();
        var changed = new List<string>();
        var deleted = previous.Keys.Where(f => !load.FileHashes.ContainsKey(f)).Order(StringComparer.Ordinal).ToList();
        foreach (var file in deleted)
            writer.DeleteDocuments(new Term(Fields.File, file));

        var toIndex = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (file, hash) in load.FileHashes)
        {
            if (!previous.TryGetValue(file, out var old))
                added.Add(file);
            else if (old != hash)
                changed.Add(file);
            else
                continue;
            toIndex.Add(file);
            writer.DeleteDocuments(new Term(Fields.File, file));
        }

        var articles = load.Articles.Where(a => toIndex.Contains(a.SourcePath)).ToList();
        IndexBuilder.Add(writer, articles, catalog, cancellationToken);

        writer.SetCommitData(new Dictionary<string, string>
        {
            [ManifestKey] = JsonSerializer.Serialize(new Manifest(indexVersion, load.FileHashes.ToDictionary())),
        });
        writer.Commit();
        return new IndexChanges(added.Order(StringComparer.Ordinal).ToList(), changed.Order(StringComparer.Ordinal).ToList(), deleted,
            load.FileHashes.Count - added.Count - changed.Count, rebuilt);
    }

    // The manifest of the last commit, or null when there is none or it was written for another index version.
    private static Dictionary<string, string>? ReadManifest(IndexWriter writer, string indexVersion) => ReadManifest(LastCommitData(writer), indexVersion);

    /// <summary>
    /// The files of <paramref name="writer"/>'s last commit and their hashes, whatever index version wrote it (a file's
    /// hash does not depend on it); null when there is no commit or it names none.
    /// </summary>
    public static Dictionary<string, string>? IndexedFiles(IndexWriter writer) => ParseManifest(LastCommitData(writer))?.Files;

    /// <summary>
    /// The indexed files and their hashes from a commit's user data, or null when there are none or they were written
    /// for another <paramref name="indexVersion"/>.
    /// </summary>
    public static Dictionary<string, string>? ReadManifest(IDictionary<string, string>? userData, string indexVersion) =>
        ParseManifest(userData) is { } manifest && manifest.Version == indexVersion ? manifest.Files : null;

    private static IDictionary<string, string>? LastCommitData(IndexWriter writer)
    {
        if (!DirectoryReader.IndexExists(writer.Directory))
            return null;
        var infos = new SegmentInfos();
        infos.Read(writer.Directory);
        return infos.UserData;
    }

    private static Manifest? ParseManifest(IDictionary<string, string>? userData)
    {
        if (userData is null || !userData.TryGetValue(ManifestKey, out var json))
            return null;
        try
        {
            return JsonSerializer.Deserialize<Manifest>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The best passages for <paramref name="question"/>, best first.</summary>
    public IReadOnlyList<PassageHit> SearchPassages(AnalyzedQuestion question, int count, RankingWeights? weights = null)
    {
        var query = BuildQuery(question, Fields.BodyWords, Fields.BodyBigrams, withTitle: false, weights ?? RankingWeights.Default);
        return query.Clauses.Count == 0 ? [] : PassageHits(_searcher.Search(query, DateFilter(question), count).ScoreDocs);
    }

    private List<PassageHit> PassageHits(ScoreDoc[] top)
    {
        var hits = new List<PassageHit>(top.Length);
        var keys = Keys();
        var positions = MultiDocValues.GetNumericValues(_reader, Fields.Passage) ?? DocValues.EMPTY_NUMERIC;
        foreach (var sd in top)
        {
            if (ArticleOf(keys, sd.Doc) is not { } article)
                continue;
            var passages = _catalog.PassagesOf(article);
            var position = (int)positions.Get(sd.Doc);
            if (position >= 0 && position < passages.Count)
                hits.Add(new PassageHit(passages[position], sd.Score));
        }
        // Equal scores in article order, not in the index's document order, which a build on several cores leaves to
        // the threads: near-duplicate reports score alike, and the same knowledge gave other answers after a rebuild.
        hits.Sort(ByScoreThenArticle);
        return hits;
    }

    /// <summary>
    /// The candidate articles for <paramref name="question"/>, best first, each with its best passages (none when only
    /// its whole text matched). An article's score fuses its whole-text BM25 with its best passage's, each normalised by
    /// the best of its list; for "latest news" questions newer articles gain a little.
    /// </summary>
    public List<ArticleHit> Candidates(AnalyzedQuestion question, RankingWeights weights)
    {
        // The article and the passage search side by side, each with its query, the calling thread running one of them
        // (and the other too when no pool thread has started it by then, so a busy server waits for no free thread): at
        // 1,000,000 articles, served in turn, answer p50 35.6 / 34.4 -> 22.1 / 25.6 ms at the same throughput under two
        // askers, and 21.7 / 21.0 -> 19.9 / 19.5 ms with the article query built in its branch too (docs/benchmarks.md).
        // What a search raises is raised as it is, not wrapped.
        // Null when the question gives the article search no clause: then there are no candidates.
        ScoreDoc[]? articleTop = null;
        IReadOnlyList<PassageHit> passageHits = [];
        try
        {
            Parallel.Invoke(
                () =>
                {
                    var query = BuildQuery(question, wordField: null, Fields.ArticleBigrams, withTitle: true, weights);
                    if (query.Clauses.Count > 0)
                        articleTop = _searcher.Search(query, DateFilter(question), weights.CandidatePool).ScoreDocs;
                },
                () => passageHits = SearchPassages(question, weights.CandidatePool * 2, weights));
        }
        catch (AggregateException e)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerExceptions[0]);
        }
        if (articleTop is null)
            return [];
        return Fuse(question, weights, articleTop, passageHits);
    }

    /// <summary>
    /// For a question scoped in time (<see cref="AnalyzedQuestion.Within"/>): its candidates in range, as
    /// <see cref="Candidates"/> finds them, those of the whole knowledge, and how many undated articles it leaves out
    /// (<see cref="UndatedLeftOut"/> among the best <paramref name="undatedCounted"/>), all found in the same pass over the
    /// index: each matching document is scored once and kept in each list whose filter it passes. The scores are those of
    /// separate searches up to the last bits of a float: a filtered search may add a document's term scores in another
    /// order (on 400 dated CRUD-RAG questions, 4 answers' note of undated articles and 12 contexts' length moved; no
    /// figure did, docs/benchmarks.md).
    /// </summary>
    public ScopedCandidates CandidatesWithin(AnalyzedQuestion question, RankingWeights weights, int undatedCounted)
    {
        if (question.Within is not { } range)
        {
            var all = Candidates(question, weights);
            return new ScopedCandidates(all, [.. all], 0);
        }
        var query = BuildQuery(question, wordField: null, Fields.ArticleBigrams, withTitle: true, weights);
        if (query.Clauses.Count == 0)
            return new ScopedCandidates([], [], 0);
        var filter = DayFilter(range.From.DayNumber, range.To.DayNumber);
        var articlesIn = TopScoreDocCollector.Create(weights.CandidatePool, docsScoredInOrder: false);
        var articlesAll = TopScoreDocCollector.Create(weights.CandidatePool, docsScoredInOrder: false);
        var withUndated = undatedCounted > 0 && AnyUndated ? TopScoreDocCollector.Create(undatedCounted, docsScoredInOrder: false) : null;
        _searcher.Search(query, withUndated is null
            ? new SplitCollector(articlesAll, (filter, articlesIn))
            : new SplitCollector(articlesAll, (filter, articlesIn), (DayFilter(range.From.DayNumber, range.To.DayNumber, withUndated: true), withUndated)));

        var passageQuery = BuildQuery(question, Fields.BodyWords, Fields.BodyBigrams, withTitle: false, weights);
        var passagesIn = TopScoreDocCollector.Create(weights.CandidatePool * 2, docsScoredInOrder: false);
        var passagesAll = TopScoreDocCollector.Create(weights.CandidatePool * 2, docsScoredInOrder: false);
        if (passageQuery.Clauses.Count > 0)
            _searcher.Search(passageQuery, new SplitCollector(passagesAll, (filter, passagesIn)));

        var keys = Keys();
        var undated = withUndated?.GetTopDocs().ScoreDocs.Count(sd => ArticleOf(keys, sd.Doc) is { Date: null }) ?? 0;
        return new ScopedCandidates(
            Fuse(question, weights, articlesIn.GetTopDocs().ScoreDocs, PassageHits(passagesIn.GetTopDocs().ScoreDocs)),
            Fuse(question with { Within = null }, weights, articlesAll.GetTopDocs().ScoreDocs, PassageHits(passagesAll.GetTopDocs().ScoreDocs)),
            undated);
    }

    private List<ArticleHit> Fuse(AnalyzedQuestion question, RankingWeights weights, ScoreDoc[] articleTop, IReadOnlyList<PassageHit> passageHits)
    {
        var scores = new Dictionary<Article, (double Article, double Passage)>(ReferenceEqualityComparer.Instance);
        var articleMax = articleTop.Length > 0 ? articleTop[0].Score : 1f;
        var keys = Keys();
        foreach (var sd in articleTop)
        {
            if (ArticleOf(keys, sd.Doc) is { } article)
                scores[article] = (sd.Score / articleMax, 0);
        }

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

        var dated = question.WantsRecent ? scores.Keys.Where(a => a.Date is not null).Select(a => a.Date!.Value.DayNumber).ToList() : [];
        var (oldest, newest) = dated.Count > 0 ? (dated.Min(), dated.Max()) : (0, 0);
        return scores
            .Select(kv => new ArticleHit(kv.Key,
                kv.Value.Article + weights.PassageWeight * kv.Value.Passage + Recency(kv.Key, oldest, newest, weights.RecencyWeight) + InPeriod(kv.Key, question.Period),
                groups.TryGetValue(kv.Key, out var list) ? list : []))
            .OrderByDescending(x => x.Score)
            .ThenBy(x => x.Article, ArticleOrder)
            .ToList();
    }

    // The order of equal scores: by article id, then file (an id may repeat across files), then passage position.
    private static readonly Comparer<Article> ArticleOrder = Comparer<Article>.Create((x, y) =>
        string.CompareOrdinal(x.Id, y.Id) is not 0 and var byId ? byId : string.CompareOrdinal(x.SourcePath, y.SourcePath));

    private static readonly Comparison<PassageHit> ByScoreThenArticle = (x, y) =>
        y.Score.CompareTo(x.Score) is not 0 and var byScore ? byScore
        : ArticleOrder.Compare(x.Passage.Article, y.Passage.Article) is not 0 and var byArticle ? byArticle
        : x.Passage.Position.CompareTo(y.Passage.Position);

    private static double Recency(Article article, int oldest, int newest, double weight) =>
        newest > oldest && article.Date is { } date ? weight * (date.DayNumber - oldest) / (newest - oldest) : 0;

    // A fact's period ("2023年上半年…多少") is reported in it or in the weeks after. A tie-breaker, as recency is: it
    // moved no CRUD-RAG dev figure (docs/benchmarks.md) and leaves every article in the ranking.
    private const double PeriodWeight = 0.05;
    private const int PeriodReportedWithin = 31;

    private static double InPeriod(Article article, Time.DateRange? period) =>
        period is not null && article.Date is { } date && date >= period.From && date.DayNumber <= period.To.DayNumber + PeriodReportedWithin ? PeriodWeight : 0;

    // A scoped question searches the articles and passages of its days only: the range is a filter in the index. Each
    // range's documents are found once per index, not in each of a question's searches ("last week" is asked all week):
    // a new filter each time enumerated the range's dates in every search.
    private Filter? DateFilter(AnalyzedQuestion question) => question.Within is { } range ? DayFilter(range.From.DayNumber, range.To.DayNumber) : null;

    private const int CachedRanges = 64;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(int From, int To, bool WithUndated), Filter> _dayFilters = new();

    // The days from..to, and with the undated too when asked; the last 64 ranges asked kept with their cached bits.
    private Filter DayFilter(int from, int to, bool withUndated = false)
    {
        if (_dayFilters.Count > CachedRanges)
            _dayFilters.Clear();
        return _dayFilters.GetOrAdd((from, to, withUndated), r => new CachingWrapperFilter(r.WithUndated
            ? new UnionFilter(NumericRangeFilter.NewInt32Range(Fields.Date, r.From, r.To, true, true),
                NumericRangeFilter.NewInt32Range(Fields.Date, IndexDocuments.Undated, IndexDocuments.Undated, true, true))
            : NumericRangeFilter.NewInt32Range(Fields.Date, r.From, r.To, true, true)));
    }

    // The documents either filter accepts, as bits: cached as they are and read at random by a scoped question's one
    // pass (SplitCollector), where a query's documents were cached as a compressed list to be read into bits each time.
    private sealed class UnionFilter(Filter first, Filter second) : Filter
    {
        public override DocIdSet? GetDocIdSet(AtomicReaderContext context, IBits? acceptDocs)
        {
            var bits = new FixedBitSet(context.AtomicReader.MaxDoc);
            foreach (var filter in new[] { first, second })
            {
                if (filter.GetDocIdSet(context, acceptDocs)?.GetIterator() is { } iterator)
                    bits.Or(iterator);
            }
            return bits;
        }
    }

    // Whether the index holds an undated document, found once (a reader never changes): where every article is dated
    // (CRUD-RAG's, a newspaper's pages) a scoped question searches nothing more for the undated it leaves out.
    private bool AnyUndated
    {
        get
        {
            // 0 not yet known, 1 none, 2 some; found at worst by two threads at once, with the same result.
            if (Volatile.Read(ref _anyUndated) == 0)
                Volatile.Write(ref _anyUndated, _searcher.Search(new ConstantScoreQuery(DayFilter(IndexDocuments.Undated, IndexDocuments.Undated)), 1).TotalHits > 0 ? 2 : 1);
            return _anyUndated == 2;
        }
    }

    private int _anyUndated;

    /// <summary>
    /// How many undated articles a question scoped in time leaves out that would be among its <paramref name="count"/>
    /// best articles without the scope (their whole text ranked against those dated in range), as
    /// <see cref="CandidatesWithin"/> counts them; no search when no article is undated.
    /// </summary>
    public int UndatedLeftOut(AnalyzedQuestion question, RankingWeights weights, int count) =>
        question.Within is null || !AnyUndated ? 0 : CandidatesWithin(question, weights, count).UndatedLeftOut;

    /// <summary>Inverse document frequency of a term over passages: high for rare terms, highest for unseen ones.</summary>
    public double Idf(QueryTerm term)
    {
        var field = term.IsWord ? Fields.BodyWords : Fields.BodyBigrams;
        var df = _reader.DocFreq(new Term(field, term.Text));
        var n = Math.Max(1, _docCounts[Fields.BodyBigrams]);
        return Math.Log(1 + (n - df + 0.5) / (df + 0.5));
    }

    /// <summary>
    /// False when <paramref name="text"/> appears nowhere in the knowledge: one of its bigrams (or Latin words and
    /// numbers) is in no article's text or title. True does not prove the words stand together somewhere.
    /// </summary>
    public bool Mentions(string text)
    {
        foreach (var term in ChineseAnalysis.Terms(ChineseAnalysis.Bigrams, text))
        {
            if (_reader.DocFreq(new Term(Fields.ArticleBigrams, term)) == 0 && _reader.DocFreq(new Term(Fields.TitleBigrams, term)) == 0)
                return false;
        }
        return true;
    }

    /// <summary>
    /// True when <paramref name="text"/> (folded) stands as one sequence of characters in some article's title or text,
    /// however the segmenter cut it: the articles holding all its bigrams are read for it. Many such articles (more than
    /// <paramref name="maxRead"/>) count as a mention without reading them all.
    /// </summary>
    public bool MentionsSequence(string text, int maxRead = 200)
    {
        var bigrams = ChineseAnalysis.Terms(ChineseAnalysis.Bigrams, text).Distinct().ToList();
        if (bigrams.Count == 0)
            return true;
        var keys = Keys();
        foreach (var field in new[] { Fields.ArticleBigrams, Fields.TitleBigrams })
        {
            var query = new BooleanQuery(disableCoord: true);
            foreach (var bigram in bigrams)
                query.Add(new TermQuery(new Term(field, bigram)), Occur.MUST);
            var top = _searcher.Search(query, maxRead);
            if (top.TotalHits > maxRead)
                return true;
            foreach (var sd in top.ScoreDocs)
            {
                if (ArticleOf(keys, sd.Doc) is { } article
                    && (QuestionAnalyzer.Fold(article.Title).Contains(text, StringComparison.Ordinal)
                        || article.Paragraphs.Any(p => QuestionAnalyzer.Fold(p).Contains(text, StringComparison.Ordinal))))
                    return true;
            }
        }
        return false;
    }

    // Doc values read through a file pointer and are not safe to share between threads: each search takes its own.
    private BinaryDocValues Keys() => MultiDocValues.GetBinaryValues(_reader, Fields.Article) ?? DocValues.EMPTY_BINARY;

    private Article? ArticleOf(BinaryDocValues keys, int doc)
    {
        var key = new BytesRef();
        keys.Get(doc, key);
        return _catalog.Find(key.Utf8ToString());
    }

    // A term's clause with its statistics looked up once (TermLookup): the segments' term dictionaries are read here,
    // for the document frequency the clause is chosen by, and not again when the search weighs the clause.
    private static (TermQuery Query, long Postings) Clause(TermLookup lookup, string field, string text, float boost = 1f)
    {
        var term = new Term(field, text);
        var states = lookup.Find(term);
        return (new TermQuery(term, states) { Boost = boost }, states.DocFreq);
    }

    // The clause of a term, or null when the term is in more than maxDocumentShare of the field's documents.
    private (TermQuery Query, long Postings)? InformativeClause(TermLookup lookup, string field, string text, double maxDocumentShare)
    {
        var clause = Clause(lookup, field, text);
        var docs = _docCounts[field];
        return docs < 100 || clause.Postings <= docs * maxDocumentShare ? clause : null;
    }

    private BooleanQuery BuildQuery(AnalyzedQuestion question, string? wordField, string bigramField, bool withTitle, RankingWeights weights)
    {
        var (maxTerms, share, titleBoost) = (weights.MaxQueryTerms, weights.MaxDocumentShare, weights.TitleBoost);
        var clauses = new List<(TermQuery Query, long Postings)>();
        var lookup = new TermLookup(_reader);
        foreach (var (text, clause) in question.Terms.Where(t => t.IsWord).Select(t => (t.Text, Clause: wordField is null ? null : InformativeClause(lookup, wordField, t.Text, share)))
            .Where(t => wordField is null || t.Clause is not null).Take(maxTerms))
        {
            if (clause is { } word)
                clauses.Add(word);
            // Titles are a few words each: their postings are not counted against the budget.
            if (withTitle)
                clauses.Add((Clause(lookup, Fields.TitleWords, text, titleBoost).Query, 0));
        }
        foreach (var (text, clause) in question.Bigrams.Select(b => (Text: b, Clause: InformativeClause(lookup, bigramField, b, share))).Where(b => b.Clause is not null).Take(maxTerms))
        {
            clauses.Add(clause!.Value);
            if (withTitle)
                clauses.Add((Clause(lookup, Fields.TitleBigrams, text, titleBoost).Query, 0));
        }

        var query = new BooleanQuery(disableCoord: true);
        var kept = WithinBudget(clauses, weights.MaxQueryPostings);
        for (var i = 0; i < clauses.Count; i++)
        {
            if (kept is null || kept[i])
                query.Add(clauses[i].Query, Occur.SHOULD);
        }
        return query;
    }

    // Which clauses a search reads when their postings together exceed the budget: the rarest first, as long as they
    // fit (the rarest always), so that a search's cost stops growing with the common terms' postings; null when all
    // fit. Title clauses are not counted: titles are a few words each. Tried and not kept (2026-12-04, 1,000,000
    // articles): the common clauses kept as optional beside the rarer ones made required, so that every document found
    // scores as without the budget; the same articles ranked first as with no budget, but no faster (eval median 60.6
    // against 63.0 ms), since the common terms' postings are then decoded block by block at the rarer terms' documents,
    // which are in nearly every block.
    private static bool[]? WithinBudget(List<(TermQuery Query, long Postings)> clauses, long budget)
    {
        if (clauses.Sum(c => c.Postings) <= budget)
            return null;
        var kept = new bool[clauses.Count];
        long spent = 0;
        foreach (var i in Enumerable.Range(0, clauses.Count).OrderBy(i => clauses[i].Postings))
        {
            if (spent > 0 && spent + clauses[i].Postings > budget)
                continue;
            spent += clauses[i].Postings;
            kept[i] = true;
        }
        return kept;
    }

    /// <inheritdoc />
    public void Dispose() => _reader.Dispose();

    // Whole articles get their own length normalisation (RankingWeights.ArticleLengthNormalisation); it is read when
    // an index is opened, not per question.
    // Passes every document to the first collector, and to each other one those its filter accepts (by the filter's bits
    // in the segment).
    private sealed class SplitCollector(ICollector all, params (Filter Filter, ICollector Collector)[] filtered) : ICollector
    {
        private readonly IBits?[] _bits = new IBits?[filtered.Length];

        public bool AcceptsDocsOutOfOrder => all.AcceptsDocsOutOfOrder && filtered.All(f => f.Collector.AcceptsDocsOutOfOrder);

        public void SetScorer(Scorer scorer)
        {
            all.SetScorer(scorer);
            foreach (var (_, collector) in filtered)
                collector.SetScorer(scorer);
        }

        public void SetNextReader(AtomicReaderContext context)
        {
            all.SetNextReader(context);
            for (var i = 0; i < filtered.Length; i++)
            {
                filtered[i].Collector.SetNextReader(context);
                _bits[i] = BitsOf(filtered[i].Filter.GetDocIdSet(context, null), context.AtomicReader.MaxDoc);
            }
        }

        public void Collect(int doc)
        {
            all.Collect(doc);
            for (var i = 0; i < filtered.Length; i++)
            {
                if (_bits[i] is { } bits && bits.Get(doc))
                    filtered[i].Collector.Collect(doc);
            }
        }

        // A cached range filter holds its segment's documents as bits; any other set is read into bits once.
        private static IBits? BitsOf(DocIdSet? set, int maxDoc)
        {
            if (set?.Bits is { } bits)
                return bits;
            if (set?.GetIterator() is not { } iterator)
                return null;
            var read = new FixedBitSet(maxDoc);
            read.Or(iterator);
            return read;
        }
    }

    private sealed class FieldSimilarity : PerFieldSimilarityWrapper
    {
        private static readonly Similarity Articles = new BM25Similarity(1.2f, RankingWeights.Default.ArticleLengthNormalisation);
        private static readonly Similarity Passages = new BM25Similarity();

        public override Similarity Get(string name) => name is Fields.ArticleBigrams ? Articles : Passages;
    }

    private sealed record Manifest(string Version, Dictionary<string, string> Files);
}

/// <summary>A scoped question's candidates (<see cref="KnowledgeIndex.CandidatesWithin"/>), before the ranking stages.</summary>
/// <param name="InRange">The candidates dated in the question's range.</param>
/// <param name="Anywhere">The candidates of the whole knowledge, as if the question had no range.</param>
/// <param name="UndatedLeftOut">Undated articles among the best of the range and the undated together.</param>
public sealed record ScopedCandidates(List<ArticleHit> InRange, List<ArticleHit> Anywhere, int UndatedLeftOut);
