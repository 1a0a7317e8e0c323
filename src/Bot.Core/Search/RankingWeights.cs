namespace Bot.Core.Search;

/// <summary>
/// Every weight of retrieval and sentence selection, each with the measurement that chose it. Figures are from the
/// console harness's <c>eval</c> (CRUD-RAG dev questions over its 10,000-article corpus unless said, CMRC 2018 trial),
/// measured 2026-11-25 to 2026-11-28 (up to commit <c>cc3b358</c>). One instance is registered; a stage added later
/// (vectors, a rerank model) brings its weights here too.
/// </summary>
public sealed record RankingWeights
{
    /// <summary>The weights as measured.</summary>
    public static RankingWeights Default { get; } = new();

    /// <summary>Title matches count double: a headline names what the article is about.</summary>
    public float TitleBoost { get; init; } = 2f;

    /// <summary>Words and bigrams of a question searched at most (a bound on pasted text).</summary>
    public int MaxQueryTerms { get; init; } = 64;

    /// <summary>
    /// Terms in more than this share of the documents are left out of queries: BM25 gives them an IDF near 0, and they
    /// have the longest postings lists, so leaving them out keeps slow queries fast.
    /// </summary>
    public double MaxDocumentShare { get; init; } = 0.25;

    /// <summary>
    /// Postings one search reads at most: past it the question's commonest terms are left out, rarest kept first
    /// (KnowledgeIndex.BuildQuery), so that a search's cost stops growing with the archive. Measured 2026-12-04 at
    /// 1,000,000 articles (`bench --scale 1000000`, the first 800 CRUD-RAG dev questions; eval accuracy, bench answer
    /// p50 / p99): no budget 0.608, 61 / 188 ms; 1,000,000 postings 44 / 92 ms; 600,000 0.606, 40 / 81 ms; 300,000
    /// 0.594, 29 / 56 ms; 100,000 0.554. There a search read 648,000 postings at the median and 4.8 million at the 99th
    /// percentile; postings grow with the articles, so at 68,798 articles (about 490,000 at most, scaled) and on the
    /// evaluation sets no search reaches the budget and nothing changes.
    /// </summary>
    public long MaxQueryPostings { get; init; } = 600_000;

    /// <summary>Whole articles taken from the article search (and twice as many passages) before fusion.</summary>
    public int CandidatePool { get; init; } = 100;

    /// <summary>
    /// Weight of an article's best passage against its whole-text BM25, each normalised by the best of its list: fusing
    /// them (passage weight 2) lifted hit@1 from 0.60 (article alone) to 0.63.
    /// </summary>
    public double PassageWeight { get; init; } = 2.0;

    /// <summary>
    /// For "latest news" questions, up to this much (a fifth of a full match) for the newest article among the
    /// candidates: enough to decide between articles that match alike, not to lift one that does not match.
    /// </summary>
    public double RecencyWeight { get; init; } = 0.6;

    /// <summary>
    /// BM25 length normalisation over whole articles. Articles vary from a paragraph to compilations of many stories;
    /// full normalisation (b = 0.75) buries the long ones that hold the answer: 0.55 hit@1 against the best, b = 0.3.
    /// </summary>
    public float ArticleLengthNormalisation { get; init; } = 0.3f;

    /// <summary>
    /// Articles of the fused ranking reranked by their best window of two consecutive sentences (a question is usually
    /// one sentence of its article said again): hit@1 0.620 → 0.643 over 10,000 articles, 0.517 → 0.548 over 68,798.
    /// </summary>
    public int RerankDepth { get; init; } = 30;

    /// <summary>Weight of the best window's coverage added to a reranked article's score.</summary>
    public double WindowWeight { get; init; } = 2.0;

    /// <summary>Share of a window's coverage that comes from IDF-weighted words.</summary>
    public double WindowWordShare { get; init; } = 0.7;

    /// <summary>Share of a window's coverage that comes from bigrams.</summary>
    public double WindowBigramShare { get; init; } = 0.3;

    /// <summary>Single characters ("建", "排") say less than words: their share of a question's weight.</summary>
    public double SingleCharacterWeight { get; init; } = 0.5;

    /// <summary>Articles whose sentences compete for the answer.</summary>
    public int ArticlesConsidered { get; init; } = 5;

    /// <summary>
    /// Every passage of this many top articles is read, not only those the passage ranking returned: on CMRC 2018 trial
    /// this lifted answer accuracy from 0.77 to 0.79.
    /// </summary>
    public int WholeArticles { get; init; } = 1;

    /// <summary>Passages read from a whole article at most.</summary>
    public int MaxPassagesPerArticle { get; init; } = 40;

    /// <summary>Best passages read from each other article.</summary>
    public int PassagesPerArticle { get; init; } = 3;

    /// <summary>
    /// How a candidate answer sentence is scored from its <see cref="SentenceFeatures"/>: the weights of
    /// <c>SentenceModel.json</c>, with their measurements there.
    /// </summary>
    public SentenceModel Sentence { get; init; } = SentenceModel.Default;

    /// <summary>
    /// Ranked articles whose sentences compete for the LLM's context (all of each article is read): context recall 0.853
    /// from 5, 0.877 from 10, 0.875 from 15 or 20 at 3,000 characters (CRUD-RAG dev, 10,000 articles, 2026-11-29).
    /// </summary>
    public int ContextArticles { get; init; } = 10;

    /// <summary>
    /// Characters an offline answer quotes from one sentence at most when a span of it holds the kind of thing asked
    /// (<see cref="Ranking.ClauseSpans"/>); 0 quotes whole sentences. CRUD-RAG dev (10,000 articles, 2026-12-03):
    /// whole sentences 0.654 accuracy at a median 141 characters; 60: 0.628 at 107; 40: 0.612 at 87; cutting every
    /// answer, of any kind of question, to 60: 0.600 at 97 (CMRC 2018 trial 0.860 → 0.798 at 80; 0.840 at 60 when the
    /// span holds the kind asked). Off (0) by default: every setting measured loses answers that whole sentences hold,
    /// and a shorter answer that leaves out the answer is worse for a reader than a longer one that holds it.
    /// </summary>
    public int ClauseMaxChars { get; init; }

    /// <summary>What holding the kind of thing asked for (a figure for 多少, a date for 何时) adds to a clause's share of the question when the clause the span is built around is chosen.</summary>
    public double ClauseEvidence { get; init; } = 0.3;

    /// <summary>
    /// A sentence with at least this share of its bigrams already in the context, and no figure that is not, is not given
    /// again. Context recall 0.885 at 0.8 and at 0.9, 0.878 at 0.7; before figures counted, 0.877 at 0.8 and 0.860 at 0.6,
    /// and 0.881 with only exact repeats dropped: reports of one story that differ in a figure are new evidence.
    /// </summary>
    public double NearDuplicateShare { get; init; } = 0.8;

    /// <summary>Passages taken from the vector search before they are grouped by article and fused with the word ranking.</summary>
    public int VectorPassages { get; init; } = 200;

    /// <summary>
    /// The k of reciprocal rank fusion (1/(k + rank)): 60, as Cormack, Clarke and Büttcher (SIGIR 2009) found robust
    /// across collections. Not measured here: no embedding model is reachable from this machine.
    /// </summary>
    public double FusionK { get; init; } = 60;

    /// <summary>The vector ranking's weight in the fusion against the word ranking's 1: equal, until measured with a real model.</summary>
    public double VectorWeight { get; init; } = 1.0;

    /// <summary>The context stops filling when less than this many characters of the budget are left.</summary>
    public int ContextMinSentence { get; init; } = 20;
}
