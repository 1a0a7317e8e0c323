using System.Text.RegularExpressions;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Search;

namespace Bot.Core.Ranking;

/// <summary>
/// Picks the sentence or two that answer, from the best passages of the first articles: each sentence is scored by the
/// share of the question it holds, its bigrams, its passage's coverage, its article's rank, and whether it holds what
/// the question asks for. Weights: <see cref="RankingWeights"/>.
/// </summary>
public sealed partial class SentenceSelector(RankingWeights weights)
{
    /// <summary>
    /// Scores the sentences of <paramref name="articles"/> (ranked, not empty) and selects the answer: the best sentence
    /// first, then a second only when it adds to it. An elliptical answer ("他被判处…") gets the sentence before it, which
    /// names its subject, read first. Otherwise the next best sentence of any article that says something new (not a
    /// near-duplicate of the first; another report often states the figure or name the first leaves out): CRUD-RAG dev
    /// accuracy 0.630 → 0.657 (10,000 articles), CMRC 2018 trial 0.861 → 0.864, against the next best of the same
    /// article (2026-11-29).
    /// </summary>
    public Retrieval Select(KnowledgeSnapshot snapshot, AnalyzedQuestion question, IReadOnlyList<ArticleHit> articles)
    {
        var scored = Score(snapshot, question, articles, weights.ArticlesConsidered, weights.WholeArticles);
        var ranked = scored.Sentences;
        ranked.Sort((x, y) => y.Score.CompareTo(x.Score));
        var coverage = new TermCoverage(question, snapshot.Index, weights);
        var foldedQuestion = QuestionAnalyzer.Fold(question.Text);
        // A question that asks for a role or attribute (党委书记, 总投资) is answered by the best sentence that states it of
        // the thing asked about, when one does: a sentence naming another role of the same thing answers nothing.
        if (AskedAttribute.Of(question.Text) is { } asked && !States(asked, ranked[0])
            && ranked.FindIndex(c => States(asked, c)) is > 0 and var stating)
        {
            var chosen = ranked[stating];
            ranked.RemoveAt(stating);
            ranked.Insert(0, chosen);
        }
        // Each sentence quoted is cut to the clauses that answer when they hold what the question asks for (ClauseSpans).
        var first = ranked[0] with { Span = ClauseSpans.Best(ranked[0].Text, question, coverage, foldedQuestion, weights).Text };
        var selected = new List<ScoredSentence> { first };
        if (Elliptical(first.Text) && SentenceBefore(first, ranked) is { } subject)
            selected.Insert(0, subject);
        else
        {
            var seen = new NearDuplicates(weights.NearDuplicateShare);
            seen.Add(first.Text);
            if (ranked.Skip(1).FirstOrDefault(c => !seen.IsDuplicate(c.Text)) is { } second)
                selected.Add(second with { Span = ClauseSpans.Best(second.Text, question, coverage, foldedQuestion, weights).Text });
        }
        return new Retrieval(articles, selected, scored.BestCoverage) { Meaning = articles.Take(weights.ArticlesConsidered).Max(a => a.Meaning) };
    }

    /// <summary>True when <paramref name="sentence"/> states <paramref name="asked"/> and its passage or article title is about the thing asked of.</summary>
    public static bool States(AskedAttribute asked, ScoredSentence sentence) =>
        asked.StatedIn(QuestionAnalyzer.Fold(sentence.Text)) && asked.About(QuestionAnalyzer.Fold(sentence.Article.Article.Title + "\n" + sentence.Passage.Text));

    // The sentence before the first in its paragraph, when it was scored (its passage was read).
    private static ScoredSentence? SentenceBefore(ScoredSentence first, List<ScoredSentence> ranked)
    {
        ScoredSentence? before = null;
        foreach (var c in ranked)
        {
            if (ReferenceEquals(c.Article, first.Article) && c.Passage.Paragraph == first.Passage.Paragraph && c.Order < first.Order
                && (before is null || c.Order > before.Order))
                before = c;
        }
        return before is not null && IsLastBefore(before, first) ? before : null;
    }

    // True when nothing stands between the two sentences: the same passage, one after the other, or the last sentence of
    // the previous passage and the first of the next.
    private static bool IsLastBefore(ScoredSentence before, ScoredSentence first) =>
        before.Passage == first.Passage ? first.Index == before.Index + 1
            : first.Index == 0 && before.Index == before.Passage.SentenceCount - 1 && first.Passage.Position == before.Passage.Position + 1;

    // A sentence that leans on the one before for its subject: it opens with a pronoun.
    private static bool Elliptical(string sentence) => EllipticalStart().IsMatch(sentence.TrimStart());

    [GeneratedRegex(@"^(最终，?|随后，?|之后，?)?(他|她|它|其|该|此|他们|她们|这位|该名)")]
    private static partial Regex EllipticalStart();

    /// <summary>
    /// What <see cref="Select"/> finds of <paramref name="articles"/> but the sentences: the best share of the question one
    /// passage it would read holds, and the nearest meaning; no sentence is scored.
    /// </summary>
    public Retrieval Cover(KnowledgeSnapshot snapshot, AnalyzedQuestion question, IReadOnlyList<ArticleHit> articles)
    {
        var coverage = new TermCoverage(question, snapshot.Index, weights);
        var best = 0.0;
        for (var a = 0; a < Math.Min(weights.ArticlesConsidered, articles.Count); a++)
        {
            var foldedTitle = QuestionAnalyzer.Fold(articles[a].Article.Title);
            foreach (var passage in PassagesRead(snapshot, articles[a], a, weights.WholeArticles))
                best = Math.Max(best, coverage.Words(QuestionAnalyzer.Fold(passage.Text), foldedTitle));
        }
        return new Retrieval(articles, [], best) { Meaning = articles.Take(weights.ArticlesConsidered).Max(a => a.Meaning) };
    }

    // Every passage of the top articles (up to a bound), the best passages of the others, so that a sentence the passage
    // ranking missed can still be found.
    private IEnumerable<Passage> PassagesRead(KnowledgeSnapshot snapshot, ArticleHit hit, int rank, int wholeArticles) => rank < wholeArticles
        ? snapshot.PassagesOf(hit.Article).Take(weights.MaxPassagesPerArticle)
        : hit.Passages.Take(weights.PassagesPerArticle).Select(p => p.Passage);

    /// <summary>
    /// Scores every sentence of the first <paramref name="wholeArticles"/> articles (up to
    /// <see cref="RankingWeights.MaxPassagesPerArticle"/> passages each) and of the best passages of the others, up to
    /// <paramref name="articleCount"/> articles; also returns the best share of the question one passage holds. The
    /// features the model does not weigh (the sentence's own and its neighbours' share of the question) are computed
    /// only with <paramref name="allFeatures"/> (for fitting a model): answering does not pay for them.
    /// </summary>
    public (List<ScoredSentence> Sentences, double BestCoverage) Score(KnowledgeSnapshot snapshot, AnalyzedQuestion question, IReadOnlyList<ArticleHit> articles, int articleCount, int wholeArticles, bool allFeatures = false)
    {
        var ownWords = allFeatures || weights.Sentence.Weighs(nameof(SentenceFeatures.OwnWords)) || weights.Sentence.Weighs(nameof(SentenceFeatures.Neighbours));
        var coverage = new TermCoverage(question, snapshot.Index, weights);
        var foldedQuestion = QuestionAnalyzer.Fold(question.Text);
        var topScore = articles[0].Score;
        var candidates = new List<ScoredSentence>();
        var bestCoverage = 0.0;

        for (var a = 0; a < Math.Min(articleCount, articles.Count); a++)
        {
            var hit = articles[a];
            var foldedTitle = QuestionAnalyzer.Fold(hit.Article.Title);
            var rankWeight = hit.Score / topScore;
            foreach (var passage in PassagesRead(snapshot, hit, a, wholeArticles))
            {
                var meaning = hit.Passages.FirstOrDefault(p => ReferenceEquals(p.Passage, passage))?.Meaning ?? 0;
                var foldedPassage = QuestionAnalyzer.Fold(passage.Text);
                var context = coverage.Words(foldedPassage, foldedTitle);
                bestCoverage = Math.Max(bestCoverage, context);
                var texts = new string[passage.SentenceCount];
                var folded = new string[passage.SentenceCount];
                var own = new double[passage.SentenceCount];
                for (var s = 0; s < passage.SentenceCount; s++)
                {
                    texts[s] = passage.Sentence(s);
                    folded[s] = QuestionAnalyzer.Fold(texts[s]);
                    own[s] = ownWords ? coverage.Words(folded[s]) : 0;
                }
                for (var s = 0; s < passage.SentenceCount; s++)
                {
                    var sentence = texts[s];
                    var features = new SentenceFeatures(
                        Words: coverage.Words(folded[s], foldedTitle),
                        OwnWords: own[s],
                        Bigrams: coverage.Bigrams(folded[s]),
                        Passage: context,
                        Neighbours: Math.Max(s > 0 ? own[s - 1] : 0, s + 1 < own.Length ? own[s + 1] : 0),
                        Rank: rankWeight,
                        FirstArticle: a == 0 ? 1 : 0,
                        Evidence: AnswerEvidence.Holds(question.Type, sentence, foldedQuestion) ? 1 : 0,
                        Lead: passage.Position == 0 && s == 0 ? 1 : 0,
                        Length: Math.Min(1.0, sentence.Length / 200.0),
                        Meaning: meaning);
                    candidates.Add(new ScoredSentence(hit, passage, s, sentence, weights.Sentence.Score(features)) { Features = features });
                }
            }
        }
        return (candidates, bestCoverage);
    }
}
