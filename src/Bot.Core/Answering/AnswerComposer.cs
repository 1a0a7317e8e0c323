using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>What every answerer says alike: the reply to an invalid question, a decline, and the citations of an answer.</summary>
public sealed class AnswerComposer(IOptions<AnsweringOptions> options, TextCatalog catalog)
{
    /// <summary>The reply to an empty or over-long question, or null when the question can be answered.</summary>
    public Answer? Validate(string? question)
    {
        var trimmed = (question ?? "").Trim();
        var language = catalog.LanguageOfText(trimmed);
        var max = options.Value.MaxQuestionLength;
        if (trimmed.Length == 0)
            return new Answer(question ?? "", Messages.Empty(language), AnswerStatus.Invalid, [], TimeSpan.Zero);
        if (trimmed.Length > max)
            return new Answer(question!, Messages.TooLong(language, trimmed.Length, max), AnswerStatus.Invalid, [], TimeSpan.Zero);
        return null;
    }

    /// <summary>
    /// The reply when the knowledge does not hold the answer: one sentence that says so, naming at most the two nearest
    /// articles, and only those whose title shares a word with the question (no list of unrelated titles, and no
    /// sources repeating them).
    /// </summary>
    public Answer Decline(AnswerDraft draft, Retrieval retrieval)
    {
        var nearest = retrieval.Articles.Take(3)
            .Select(h => h.Article.Title)
            .Where(title => draft.Analyzed.HasWordIn(QuestionAnalyzer.Fold(title)))
            .Take(2)
            .ToList();
        return new Answer(draft.Question, Messages.NotFound(draft.Language, nearest), AnswerStatus.NotFound, [], draft.Elapsed) { Declined = DeclineReason.NoPassage };
    }

    /// <summary>The reply when what the question asks about is not in the knowledge (<see cref="AnswerScope"/>).</summary>
    public Answer Decline(AnswerDraft draft, ScopeGap gap) =>
        new(draft.Question, Messages.Missing(draft.Language, gap), AnswerStatus.NotFound, [], draft.Elapsed)
        {
            Declined = gap.Name ? DeclineReason.AbsentName : gap.Figure ? DeclineReason.NoFigure : gap.Attribute is not null ? DeclineReason.AbsentAttribute : DeclineReason.AbsentThing,
        };

    /// <summary>
    /// The articles the <paramref name="used"/> sentences come from, in the order they are quoted (at most
    /// <c>Answering:TopSources</c>), each with the passage used: an answer lists what it quotes, not the other near
    /// articles of <paramref name="articles"/> (47 seed answers listed 113 sources, most never quoted).
    /// </summary>
    public IReadOnlyList<Citation> Cite(IReadOnlyList<ArticleHit> articles, IReadOnlyList<ScoredSentence> used)
    {
        var order = used.Select(u => u.Article).DistinctBy(h => h.Article.Id).Take(options.Value.TopSources);
        return order.Select(h =>
        {
            var passage = used.FirstOrDefault(u => ReferenceEquals(u.Article, h))?.Passage ?? h.Passages[0].Passage;
            return Cite(h, passage);
        }).ToList();
    }

    /// <summary>
    /// The other near articles, after the <paramref name="quoted"/> ones up to <c>Answering:TopSources</c> in all, and the
    /// line that names them apart in <paramref name="language"/> ("相关：[2] 《…》"), numbered after the sources.
    /// </summary>
    public (IReadOnlyList<Citation> Related, string? Line) Related(IReadOnlyList<ArticleHit> articles, IReadOnlyList<Citation> quoted, string language)
    {
        var related = articles.Where(h => h.Passages.Count > 0 && quoted.All(q => q.Id != h.Article.Id))
            .Take(Math.Max(0, options.Value.TopSources - quoted.Count))
            .Select(h => Cite(h, h.Passages[0].Passage))
            .ToList();
        if (related.Count == 0)
            return ([], null);
        var labels = related.Select((c, i) => $"[{quoted.Count + i + 1}] {c.Label}");
        return (related, catalog.Get(language, "answer.related", string.Join(catalog.Get(language, "answer.relatedJoin"), labels)));
    }

    /// <summary>The citation of a block of context: its article, and the text the answerer read.</summary>
    public static Citation Cite(ContextBlock block) =>
        new(block.Hit.Article.Id, block.Hit.Article.Title, block.Hit.Article.SourcePath, block.Hit.Article.Date, block.Text, Math.Round(block.Hit.Score, 3))
        {
            Position = block.Hit.Passages.Count > 0 ? block.Hit.Passages[0].Passage.Position : null,
            Ocr = block.Hit.Article.OcrConfidence is not null,
        };

    /// <summary>The citation of <paramref name="passage"/> of the retrieved <paramref name="hit"/>.</summary>
    public static Citation Cite(ArticleHit hit, Passage passage) =>
        new(hit.Article.Id, hit.Article.Title, hit.Article.SourcePath, hit.Article.Date, passage.Text, Math.Round(hit.Score, 3)) { Position = passage.Position, Ocr = hit.Article.OcrConfidence is not null };
}
