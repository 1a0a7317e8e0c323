using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Search;

namespace Bot.Core.Evaluation;

/// <summary>Runs an evaluation set through the answerer and measures retrieval and answers.</summary>
public sealed class EvalRunner(Conversations conversations, IKnowledgeStore store, IRetriever retriever)
{
    /// <summary>Runs every question in order; <paramref name="progress"/> receives the count done.</summary>
    public async Task<IReadOnlyList<EvalResult>> RunAsync(IReadOnlyList<EvalQuestion> questions, IProgress<int>? progress = null, CancellationToken cancellationToken = default)
    {
        var results = new List<EvalResult>(questions.Count);
        foreach (var q in questions)
        {
            cancellationToken.ThrowIfCancellationRequested();
            // Each question is a conversation of its own, as a user's would be.
            var asker = new Asker("eval:" + q.Id);
            Answer? answer = null;
            foreach (var turn in q.AllTurns)
                answer = await conversations.AskAsync(asker, turn, cancellationToken: cancellationToken).ConfigureAwait(false);
            conversations.Reset(asker.Conversation);

            var gold = q.Answers ?? [];
            var correct = gold.Count == 0 ? !answer!.Answered : answer!.Answered && AnswerMatcher.Contains(answer.Text, gold);
            var (rank, answerInTop) = Rank(q, answer.StandaloneQuestion ?? q.AllTurns[^1]);
            results.Add(new EvalResult(q.Id, q.AllTurns[^1], gold, answer.Text, answer.Answered, correct, rank,
                answer.Elapsed.TotalMilliseconds, q.IsConversation) { AnswerInTopArticle = answerInTop });
            progress?.Report(results.Count);
        }
        return results;
    }

    // The rank of the first gold article among the top 10 (0: absent), and whether the first article holds a gold answer.
    private (int? Rank, bool? AnswerInTop) Rank(EvalQuestion q, string question)
    {
        if (q.DocIds is not { Count: > 0 })
            return (null, null);
        var analyzed = QuestionAnalyzer.Analyze(question);
        using var lease = store.Acquire();
        var ranked = analyzed.IsEmpty ? [] : retriever.RankArticles(lease.Snapshot, analyzed, 10);
        bool? answerInTop = q.Answers is { Count: > 0 } answers
            ? ranked.Count > 0 && AnswerMatcher.Contains(ranked[0].Article.Title + "\n" + ranked[0].Article.Body, answers)
            : null;
        for (var i = 0; i < ranked.Count; i++)
        {
            if (q.DocIds.Contains(ranked[i].Article.Id))
                return (i + 1, answerInTop);
        }
        return (0, answerInTop);
    }
}
