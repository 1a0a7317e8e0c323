using System.Diagnostics;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Answering;

/// <summary>
/// Answers without an LLM: the retriever ranks the articles and picks the sentence or two that answer best; when no
/// passage holds enough of the question (<c>Answering:MinCoverage</c>), or what it asks about is not in the knowledge
/// (<see cref="AnswerScope"/>), it says so.
/// </summary>
public sealed class OfflineAnswerer(IKnowledgeStore store, IRetriever retriever, AnswerScope scope, AnswerComposer composer, IOptions<AnsweringOptions> options) : IQuestionAnswerer
{
    /// <inheritdoc />
    public async Task<Answer> AnswerAsync(string question, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var watch = Stopwatch.StartNew();
        question ??= "";
        if (composer.Validate(question) is { } invalid)
            return invalid;
        var trimmed = question.Trim();
        var language = TextCatalog.Default.LanguageOfText(trimmed);

        using var lease = store.Acquire();
        var snapshot = lease.Snapshot;
        if (snapshot.Passages.Count == 0)
            return Reply(Messages.NoKnowledge(language), AnswerStatus.NotFound, []);

        var standalone = FollowUpRewriter.Rewrite(trimmed, history);
        var analyzed = QuestionAnalyzer.Analyze(standalone);
        if (analyzed.IsEmpty)
            return Reply(Messages.NoContent(language), AnswerStatus.NotFound, []);

        var retrieval = await retriever.RetrieveAsync(snapshot, analyzed, options.Value.TopSources, cancellationToken).ConfigureAwait(false);
        var best = retrieval.Selected;
        if (best.Count == 0 || !scope.Holds(retrieval, options.Value.MinCoverage))
            return composer.Decline(question, language, retrieval, watch.Elapsed) with { StandaloneQuestion = Changed() };
        if (scope.Find(snapshot, analyzed, retrieval) is { } gap)
            return composer.Decline(question, language, gap, watch.Elapsed) with { StandaloneQuestion = Changed() };

        var text = string.Concat(best.Select(s => s.Text));
        var sources = composer.Cite(retrieval.Articles, best);
        var parts = best.Select(s => new AnswerPart(s.Text, 1 + sources.ToList().FindIndex(c => c.Id == s.Article.Article.Id))).ToList();
        return Reply(text, AnswerStatus.Answered, sources) with { StandaloneQuestion = Changed(), Parts = parts };

        string? Changed() => standalone == trimmed ? null : standalone;
        Answer Reply(string text, AnswerStatus status, IReadOnlyList<Citation> sources) =>
            new(question, text, status, sources, watch.Elapsed);
    }
}
