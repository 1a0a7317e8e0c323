using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;

namespace Bot.Core.Search;

/// <summary>
/// Picks the sentence or two that answer, from the best passages of the first articles: each sentence is scored by the
/// share of the question it holds, its bigrams, its passage's coverage, its article's rank, and whether it holds what
/// the question asks for. Weights: <see cref="RankingWeights"/>.
/// </summary>
public sealed class SentenceSelector(RankingWeights weights)
{
    /// <summary>Scores the sentences of <paramref name="articles"/> (ranked, not empty) and selects the answer.</summary>
    public Retrieval Select(KnowledgeSnapshot snapshot, AnalyzedQuestion question, IReadOnlyList<ArticleHit> articles)
    {
        var scored = Score(snapshot, question, articles, weights.ArticlesConsidered, weights.WholeArticles);
        var ranked = scored.Sentences.OrderByDescending(c => c.Score).ToList();
        var first = ranked[0];
        var selected = new List<ScoredSentence> { first };
        // The answer is the best sentence and the next best of the same article: the fact is often stated across two
        // sentences (a name in one, the role in the next). Two sentences are the most an answer quotes.
        var second = ranked.Skip(1).FirstOrDefault(c => ReferenceEquals(c.Article, first.Article) && c.Text != first.Text);
        if (second is not null)
            selected.Add(second);
        selected = selected.OrderBy(s => s.Passage.Ordinal).ThenBy(s => s.Index).ToList();
        return new Retrieval(articles, selected, scored.BestCoverage);
    }

    /// <summary>
    /// Scores every sentence of the first <paramref name="wholeArticles"/> articles (up to
    /// <see cref="RankingWeights.MaxPassagesPerArticle"/> passages each) and of the best passages of the others, up to
    /// <paramref name="articleCount"/> articles; also returns the best share of the question one passage holds.
    /// </summary>
    public (List<ScoredSentence> Sentences, double BestCoverage) Score(KnowledgeSnapshot snapshot, AnalyzedQuestion question, IReadOnlyList<ArticleHit> articles, int articleCount, int wholeArticles)
    {
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
            // Every passage of the top articles (up to a bound), the best passages of the others, so that a sentence the
            // passage ranking missed can still be found.
            IEnumerable<Passage> passages = a < wholeArticles
                ? snapshot.PassagesOf(hit.Article).Take(weights.MaxPassagesPerArticle)
                : hit.Passages.Take(weights.PassagesPerArticle).Select(p => p.Passage);
            foreach (var passage in passages)
            {
                var foldedPassage = QuestionAnalyzer.Fold(passage.Text);
                var context = coverage.Words(foldedPassage, foldedTitle);
                bestCoverage = Math.Max(bestCoverage, context);
                for (var s = 0; s < passage.SentenceCount; s++)
                {
                    var sentence = passage.Sentence(s);
                    var folded = QuestionAnalyzer.Fold(sentence);
                    var score = weights.SentenceWordWeight * coverage.Words(folded, foldedTitle)
                        + weights.SentenceBigramWeight * coverage.Bigrams(folded)
                        + weights.SentencePassageWeight * context
                        + weights.SentenceRankWeight * rankWeight;
                    if (AnswerEvidence.Holds(question.Type, sentence, foldedQuestion))
                        score += weights.SentenceEvidenceBonus;
                    candidates.Add(new ScoredSentence(hit, passage, s, sentence, score));
                }
            }
        }
        return (candidates, bestCoverage);
    }
}
