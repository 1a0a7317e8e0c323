using System.Text;
using Bot.Core.Answering;
using Bot.Core.Indexing;

namespace Bot.Core.Evaluation;

/// <summary>How the LLM's context is packed: its character budget (<c>Llm:ContextChars</c>) and the ranked articles its sentences come from.</summary>
/// <param name="Budget">Characters of titles and sentences at most.</param>
/// <param name="Articles">Ranked articles whose sentences compete (<see cref="Search.RankingWeights.ContextArticles"/>).</param>
public sealed record ContextSetting(int Budget, int Articles);

/// <summary>What a <see cref="ContextSetting"/> gives on a set of questions.</summary>
/// <param name="Setting">The packing measured.</param>
/// <param name="Questions">In-scope questions measured.</param>
/// <param name="Recall">Share of them whose context holds a gold answer.</param>
/// <param name="MedianChars">Median characters of their contexts.</param>
public sealed record ContextFigures(ContextSetting Setting, int Questions, double Recall, double MedianChars);

/// <summary>
/// The context packing fitted on one half of an evaluation set and measured on the other (<see cref="ContextFit"/>),
/// beside the packing as configured on both halves.
/// </summary>
public sealed record ContextSplit(ContextFigures ConfiguredFit, ContextFigures ConfiguredHeld, ContextFigures FittedFit, ContextFigures FittedHeld, double TargetRecall, bool TargetReached);

/// <summary>
/// Fits the LLM context's packing on questions it is then not measured on. The set is split by a hash of each question's
/// id (<see cref="IsHeld"/>: the same id is always on the same side, whatever the file's order or size); on the fit half
/// every setting of <see cref="Budgets"/> × <see cref="ArticleCounts"/> is built from the retrieval each question already
/// had, and the one with the smallest median context that holds a gold answer for at least the target share of
/// questions is chosen (the highest recall when none does); the held half then measures it.
/// </summary>
public sealed class ContextFit(ContextBuilder builder, IKnowledgeStore store)
{
    /// <summary>The budgets tried, in characters.</summary>
    public static IReadOnlyList<int> Budgets { get; } = [1500, 1750, 2000, 2250, 2500, 2750, 3000, 3250, 3500, 4000];

    /// <summary>The counts of ranked articles tried (retrieval for a context returns at least 10).</summary>
    public static IReadOnlyList<int> ArticleCounts { get; } = [5, 6, 8, 10];

    /// <summary>
    /// True when the question with <paramref name="id"/> belongs to the held-back half: the lowest bit of the FNV-1a hash
    /// of its UTF-8 bytes (stable across runs, machines and .NET versions, unlike <see cref="string.GetHashCode()"/>).
    /// </summary>
    public static bool IsHeld(string id)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(id))
            hash = unchecked((hash ^ b) * 16777619u);
        // The low bit of FNV-1a follows the bytes' parity alone; the bits folded together decide.
        hash ^= hash >> 16;
        hash ^= hash >> 8;
        return (hash & 1) == 1;
    }

    /// <summary>
    /// Fits on the questions of <paramref name="drafts"/> not held back and measures on those held back; each draft is
    /// the one its question was answered from (its retrieval), and <paramref name="configured"/> is the setting in use.
    /// </summary>
    public ContextSplit Run(IReadOnlyList<(EvalQuestion Question, AnswerDraft? Draft)> drafts, ContextSetting configured, double targetRecall = 0.88)
    {
        var inScope = drafts.Where(d => d.Question.InScope && !d.Question.IsConversation).ToList();
        var fit = inScope.Where(d => !IsHeld(d.Question.Id)).ToList();
        var held = inScope.Where(d => IsHeld(d.Question.Id)).ToList();
        using var lease = store.Acquire();
        var snapshot = lease.Snapshot;

        var tried = Budgets.SelectMany(b => ArticleCounts.Select(a => new ContextSetting(b, a))).Select(s => Measure(snapshot, fit, s)).ToList();
        var reached = tried.Where(f => f.Recall >= targetRecall).ToList();
        var best = reached.Count > 0
            ? reached.OrderBy(f => f.MedianChars).ThenByDescending(f => f.Recall).First()
            : tried.OrderByDescending(f => f.Recall).ThenBy(f => f.MedianChars).First();
        return new ContextSplit(Measure(snapshot, fit, configured), Measure(snapshot, held, configured), best, Measure(snapshot, held, best.Setting), targetRecall, reached.Count > 0);
    }

    private ContextFigures Measure(KnowledgeSnapshot snapshot, List<(EvalQuestion Question, AnswerDraft? Draft)> set, ContextSetting setting)
    {
        var holds = 0;
        var chars = new List<double>(set.Count);
        foreach (var (q, draft) in set)
        {
            var context = draft is null || draft.Analyzed.IsEmpty
                ? AnswerContext.Empty
                : builder.Build(snapshot, draft.Analyzed, draft.Retrieval.Articles, setting.Budget, setting.Articles);
            if (AnswerMatcher.Contains(context.PlainText, q.Answers!))
                holds++;
            chars.Add(context.Characters);
        }
        chars.Sort();
        return new ContextFigures(setting, set.Count, set.Count == 0 ? 0 : Math.Round((double)holds / set.Count, 4), Percentiles.Of(chars, 0.5));
    }
}
