using Bot.Core.Indexing;
using Bot.Core.Ranking;
using Bot.Core.Search;

namespace Bot.Core.Semantic;

/// <summary>
/// Retrieval by meaning: the passages nearest the question's vector, fused with the word ranking by reciprocal rank
/// (each article scores 1/(k + rank) in each list it is in): an article found by meaning alone (a paraphrase, a question
/// in another language) joins the ranking, and one both lists put high rises. Without vectors (no model, the model
/// down, the snapshot not embedded yet) the ranking is left as it is.
/// </summary>
public sealed class VectorStage(TextEmbeddings embeddings, VectorIndexer indexer, RankingWeights weights) : IRankingStage
{
    /// <inheritdoc />
    public async ValueTask RankAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> ranked, CancellationToken cancellationToken)
    {
        if (indexer.For(snapshot) is not { Count: > 0 } vectors)
            return;
        var vector = await embeddings.EmbedQuestionAsync(question.Text, cancellationToken).ConfigureAwait(false);
        // Nothing when the model failed or its vector has other dimensions than the stored ones.
        // A scoped question searches the passages of its days only, as the word search does.
        var nearest = vector is null ? [] : vectors.Nearest(vector, weights.VectorPassages,
            question.Within is { } within ? p => p.Article.Date is { } d && within.Contains(d) : null);
        if (nearest.Count == 0)
            return;

        // The articles by meaning, nearest first, each with its nearest passages.
        var byMeaning = nearest
            .GroupBy<(Knowledge.Passage Passage, double Similarity), Knowledge.Article>(n => n.Passage.Article, ReferenceEqualityComparer.Instance)
            .Select(g => (Article: g.Key, Passages: g.Select(n => new PassageHit(n.Passage, n.Similarity) { Meaning = n.Similarity }).ToList()))
            .ToList();

        var fused = new Dictionary<Knowledge.Article, (ArticleHit Hit, double Score)>(ReferenceEqualityComparer.Instance);
        for (var r = 0; r < ranked.Count; r++)
            fused[ranked[r].Article] = (ranked[r], 1.0 / (weights.FusionK + r + 1));
        for (var r = 0; r < byMeaning.Count; r++)
        {
            var (article, passages) = byMeaning[r];
            var meaning = passages[0].Meaning;
            var score = weights.VectorWeight / (weights.FusionK + r + 1);
            if (fused.TryGetValue(article, out var found))
            {
                // Passages found by words keep their place; those found by meaning are marked, and the new ones follow.
                var merged = found.Hit.Passages
                    .Select(p => passages.FirstOrDefault(m => ReferenceEquals(m.Passage, p.Passage)) is { } m ? p with { Meaning = m.Meaning } : p)
                    .Concat(passages.Where(m => found.Hit.Passages.All(p => !ReferenceEquals(p.Passage, m.Passage))))
                    .ToList();
                fused[article] = (found.Hit with { Passages = merged, Meaning = meaning }, found.Score + score);
            }
            else
                fused[article] = (new ArticleHit(article, 0, passages) { Meaning = meaning }, score);
        }

        // Scores keep the scale of the word ranking (the best one's score), so the stages after this one weigh alike.
        var top = ranked.Count > 0 ? Math.Max(ranked[0].Score, 1e-6) : 1.0;
        var best = fused.Values.Max(v => v.Score);
        ranked.Clear();
        ranked.AddRange(fused.Values
            .OrderByDescending(v => v.Score)
            .Take(weights.CandidatePool)
            .Select(v => v.Hit with { Score = top * v.Score / best }));
    }
}
