using Bot.Core.Answering;

namespace Bot.Core.Evaluation;

/// <summary>Runs an evaluation set through the answerer and measures retrieval and answers.</summary>
public sealed class EvalRunner(Conversations conversations)
{
    /// <summary>
    /// Runs every question in order; <paramref name="progress"/> receives the count done, and <paramref name="drafts"/>,
    /// when given, each question with the draft its answer was made from (for <see cref="ContextFit"/>).
    /// </summary>
    public async Task<IReadOnlyList<EvalResult>> RunAsync(IReadOnlyList<EvalQuestion> questions, IProgress<int>? progress = null, CancellationToken cancellationToken = default,
        ICollection<(EvalQuestion Question, AnswerDraft? Draft)>? drafts = null)
    {
        var results = new List<EvalResult>(questions.Count);
        foreach (var q in questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Each question is a conversation of its own, as a user's would be.
            var asker = new Asker("eval:" + q.Id);
            Answer? answer = null;
            foreach (var turn in q.AllTurns)
                answer = await conversations.AskWithDraftAsync(asker, turn, cancellationToken).ConfigureAwait(false);
            await conversations.ResetAsync(asker.Conversation, cancellationToken).ConfigureAwait(false);

            var gold = q.Answers ?? [];
            var correct = gold.Count == 0 ? !answer!.Answered : answer!.Answered && AnswerMatcher.Contains(answer.Text, gold);
            var measured = Measure(q, answer.Draft);
            drafts?.Add((q, answer.Draft));
            results.Add(new EvalResult(q.Id, q.AllTurns[^1], gold, answer.Text, answer.Answered, correct, measured.Rank,
                AnsweringTime(answer).TotalMilliseconds, q.IsConversation)
            {
                AnswerInTopArticle = measured.AnswerInTop,
                ContextHoldsAnswer = measured.ContextHolds,
                ContextChars = measured.ContextChars,
                Sources = answer.Sources.Count,
                SourcesCited = answer.Parts is { } parts ? parts.Select(p => p.Source).Where(n => n > 0).Distinct().Count() : answer.Sources.Count,
            });
            progress?.Report(results.Count);
        }
        return results;
    }

    // The time a user waits for this answer: an offline answer is given without the LLM context eval asked to be built.
    private static TimeSpan AnsweringTime(Answer answer) =>
        answer.Mode == AnswerMode.Offline && answer.Draft is { } draft ? answer.Elapsed - draft.Timings.Context : answer.Elapsed;

    // The rank of the first gold article among the top 10 (0: absent; null without doc ids), whether the first article
    // holds a gold answer, and whether the context an LLM would be given holds one (null out of scope): read off the
    // draft the answer was made from.
    private static (int? Rank, bool? AnswerInTop, bool? ContextHolds, int ContextChars) Measure(EvalQuestion q, AnswerDraft? draft)
    {
        var ranked = draft?.Retrieval.Articles ?? [];
        var context = draft?.Context ?? AnswerContext.Empty;
        var answers = q.Answers is { Count: > 0 } a ? a : null;
        bool? contextHolds = answers is null ? null : AnswerMatcher.Contains(context.PlainText, answers);
        if (q.DocIds is not { Count: > 0 })
            return (null, null, contextHolds, context.Characters);
        bool? answerInTop = answers is null ? null
            : ranked.Count > 0 && AnswerMatcher.Contains(ranked[0].Article.Title + "\n" + ranked[0].Article.Body, answers);
        var rank = 0;
        for (var i = 0; i < Math.Min(10, ranked.Count); i++)
        {
            if (q.DocIds.Contains(ranked[i].Article.Id))
            {
                rank = i + 1;
                break;
            }
        }
        return (rank, answerInTop, contextHolds, context.Characters);
    }
}
