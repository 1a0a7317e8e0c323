using Bot.Core.Indexing;
using Bot.Core.Options;
using Bot.Core.Ranking;
using Bot.Core.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Semantic;

/// <summary>
/// The last stage when a rerank model is configured: it orders the first <c>Rerank:Candidates</c> articles by the
/// model's relevance of each (its title and best passages) to the question. When the model fails the order stays.
/// </summary>
public sealed class RerankStage(RerankClient client, IOptions<RerankOptions> options) : IRankingStage
{
    // What the model reads of an article: its title and best passages, up to this many characters.
    private const int DocumentChars = 600;

    /// <inheritdoc />
    public async ValueTask RankAsync(KnowledgeSnapshot snapshot, AnalyzedQuestion question, List<ArticleHit> ranked, CancellationToken cancellationToken)
    {
        var count = Math.Min(options.Value.Candidates, ranked.Count);
        if (count < 2)
            return;
        var documents = ranked.Take(count).Select(Document).ToList();
        var scores = await client.ScoreAsync(question.Text, documents, cancellationToken).ConfigureAwait(false);
        if (scores is null)
            return;
        // The model's order, with scores on the scale of the ranking before it (from its best down), so that later
        // readers of the scores (sentence selection weighs the article's rank) see the model's order.
        var top = Math.Max(ranked[0].Score, 1e-6);
        var order = Enumerable.Range(0, count).OrderByDescending(i => scores[i]).ThenBy(i => i).ToList();
        var reordered = order.Select((i, r) => ranked[i] with { Score = top * (1.0 - 0.5 * r / count) }).ToList();
        var floor = reordered[^1].Score;
        for (var i = count; i < ranked.Count; i++)
            ranked[i] = ranked[i] with { Score = Math.Min(ranked[i].Score, floor * 0.99) };
        ranked.RemoveRange(0, count);
        ranked.InsertRange(0, reordered);
    }

    private static string Document(ArticleHit hit)
    {
        var text = hit.Article.Title + "\n" + string.Join("\n", hit.Passages.Select(p => p.Passage.Text));
        return text.Length <= DocumentChars ? text : text[..DocumentChars];
    }
}
