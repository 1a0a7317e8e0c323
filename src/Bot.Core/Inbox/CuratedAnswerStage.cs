using Bot.Core.Answering;
using Bot.Core.Indexing;

namespace Bot.Core.Inbox;

/// <summary>
/// Serves a curated answer first: a question whose analysed words are those of a curated answer still served
/// (<see cref="QuestionWords.Match"/>), or, with an embedding model, whose meaning is that of one
/// (<see cref="CuratedAnswers.MeaningThreshold"/>), gets that answer, marked as the editors' with its date
/// ("编辑答复（2026-12-03）"), before anything is searched. Past its expiry the knowledge answers again.
/// </summary>
public sealed class CuratedAnswerStage(CuratedAnswers curated, TextCatalog catalog) : IAnswerStage
{
    /// <inheritdoc />
    public int Order => AnswerPipeline.RetrievalOrder - 90;

    /// <inheritdoc />
    public async ValueTask<AnswerDraft> RunAsync(AnswerDraft draft, KnowledgeSnapshot snapshot, int topArticles, CancellationToken cancellationToken)
    {
        if (await curated.FindAsync(draft.Analyzed.Text, QuestionWords.Of(draft.Analyzed), cancellationToken).ConfigureAwait(false) is not { } found)
            return draft;
        var answer = new Answer(draft.Question, found.Text, AnswerStatus.Answered, [], draft.Elapsed)
        {
            Note = catalog.Get(draft.Language, "inbox.curatedNote", found.Created.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)),
            StandaloneQuestion = draft.Changed,
        };
        return draft.Decide(answer, DraftEnd.Early);
    }
}
