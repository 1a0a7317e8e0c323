using Bot.Core.Search;

namespace Bot.Core.Answering;

/// <summary>
/// The answer without an LLM: the sentence or two retrieval selected, each cut to the clauses that hold what is asked
/// (<see cref="ScoredSentence.Span"/>) and otherwise as written, each marked with the article it comes from. It is also the LLM's fallback, on the same draft.
/// </summary>
public sealed class ExtractiveWriter(AnswerComposer composer) : IAnswerWriter
{
    /// <inheritdoc />
    public bool ReadsContext => false;

    /// <inheritdoc />
    public Task<Answer> WriteAsync(AnswerDraft draft, IProgress<string>? progress, CancellationToken cancellationToken) => Task.FromResult(Write(draft));

    /// <summary>The extractive answer of <paramref name="draft"/>, or its decided reply.</summary>
    public Answer Write(AnswerDraft draft)
    {
        if (draft.Reply is { } decided)
            return decided;
        var best = draft.Retrieval.Selected;
        var sources = composer.Cite(draft.Retrieval.Articles, best);
        // Quoted without bylines, editor's notes and photo credits (QuoteCleaner); a sentence that was nothing else is left out.
        var parts = best.Select(s => new AnswerPart(QuoteCleaner.Clean(s.Span ?? s.Text), 1 + IndexOf(sources, s.Article.Article.Id)))
            .Where(p => p.Text.Length > 0).ToList();
        if (parts.Count == 0)
            parts = best.Select(s => new AnswerPart(s.Text, 1 + IndexOf(sources, s.Article.Article.Id))).ToList();
        var (related, line) = composer.Related(draft.Retrieval.Articles, sources, draft.Language);
        return new Answer(draft.Question, string.Concat(parts.Select(p => p.Text)), AnswerStatus.Answered, sources, draft.Elapsed)
        {
            Related = related,
            RelatedLine = line,
            StandaloneQuestion = draft.Changed,
            Parts = parts,
        };
    }

    private static int IndexOf(IReadOnlyList<Citation> sources, string id)
    {
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i].Id == id)
                return i;
        }
        return -1;
    }
}
