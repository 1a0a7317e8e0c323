using System.Diagnostics;
using System.Text;
using Bot.Core.Hosting;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Search;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel.ChatCompletion;

namespace Bot.Core.Answering;

/// <summary>
/// Writes grounded answers with an LLM through Semantic Kernel: retrieves passages, asks the model to answer only from
/// them with [n] citations, maps the citations to the real sources, and declines when the model cites nothing and
/// retrieval was weak. Any LLM failure (timeout, error, unreachable) falls back to the offline answer with a note;
/// repeated failures open a breaker so that users are not kept waiting.
/// </summary>
public sealed class LlmAnswerer(
    OfflineAnswerer offline,
    IKnowledgeStore store,
    IChatCompletionService chat,
    IOptions<LlmOptions> llmOptions,
    IOptions<AnsweringOptions> answeringOptions,
    TimeProvider time,
    ILogger<LlmAnswerer> logger) : IQuestionAnswerer
{
    private readonly CircuitBreaker _breaker = new(llmOptions.Value.BreakerFailures, TimeSpan.FromSeconds(llmOptions.Value.BreakerSeconds), time);

    /// <summary>The note shown above an offline answer given because the LLM failed.</summary>
    public static string FallbackNote(bool chinese) => chinese
        ? "大模型暂时不可用，以下是离线检索的答案。"
        : "The language model is unavailable; this is the offline answer.";

    /// <inheritdoc />
    public Task<Answer> AnswerAsync(string question, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default) =>
        AnswerCoreAsync(question, history, null, cancellationToken);

    /// <inheritdoc />
    public Task<Answer> AnswerStreamingAsync(string question, IReadOnlyList<ConversationTurn>? history, Func<string, Task> onPartial, CancellationToken cancellationToken = default) =>
        AnswerCoreAsync(question, history, onPartial, cancellationToken);

    private async Task<Answer> AnswerCoreAsync(string question, IReadOnlyList<ConversationTurn>? history, Func<string, Task>? onPartial, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (offline.Validate(question) is { } invalid)
            return invalid;
        var trimmed = question.Trim();
        var chinese = TextRules.ContainsCjk(trimmed);
        if (_breaker.IsOpen)
            return Fallback();

        try
        {
            var standalone = history is { Count: > 0 } && FollowUpRewriter.LeansOnPrevious(trimmed)
                ? await RewriteAsync(trimmed, history, cancellationToken)
                : trimmed;
            var analyzed = QuestionAnalyzer.Analyze(standalone);
            var snapshot = store.Current;
            if (analyzed.IsEmpty || snapshot.Passages.Count == 0)
                return offline.Answer(question, history);

            var retrieval = OfflineAnswerer.Retrieve(snapshot, analyzed, answeringOptions.Value.TopSources);
            var passages = PickPassages(retrieval.Articles, llmOptions.Value.Passages);
            if (passages.Count == 0)
                return offline.Decline(question, chinese, retrieval, watch.Elapsed);

            var prompt = GroundedPrompt.Build(standalone, passages, history);
            var reply = await CompleteAsync(prompt, onPartial, cancellationToken);
            _breaker.Success();

            var (text, cited) = CitationMapper.Map(reply, passages.Count);
            var changed = standalone == trimmed ? null : standalone;
            if (cited.Count == 0)
            {
                // No support in the passages: a weak retrieval means the knowledge lacks the answer.
                var declined = retrieval.Coverage < answeringOptions.Value.MinCoverage || text.Length == 0
                    ? offline.Decline(question, chinese, retrieval, watch.Elapsed)
                    : new Answer(question, text, AnswerStatus.NotFound, [], watch.Elapsed);
                return declined with { StandaloneQuestion = changed, Elapsed = watch.Elapsed };
            }
            var scores = retrieval.Articles.ToDictionary(a => a.Article.Id, a => a.Score);
            var sources = cited.Select(i => passages[i]).Select(p => new Citation(p.Article.Id, p.Article.Title, p.Article.SourcePath,
                p.Article.Date, p.Text, Math.Round(scores.GetValueOrDefault(p.Article.Id), 3))).ToList();
            return new Answer(question, text, AnswerStatus.Answered, sources, watch.Elapsed) { StandaloneQuestion = changed };
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested)
        {
            _breaker.Failure();
            logger.LogWarning("LLM answer failed ({Error}); giving the offline answer", Describe(e));
            return Fallback();
        }

        Answer Fallback() => offline.Answer(question, history) is var a && a.Status == AnswerStatus.Invalid
            ? a
            : a with { Note = FallbackNote(chinese), Elapsed = watch.Elapsed };
    }

    private async Task<string> CompleteAsync(ChatHistory prompt, Func<string, Task>? onPartial, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(llmOptions.Value.TimeoutSeconds));
        if (onPartial is null)
        {
            var message = await chat.GetChatMessageContentAsync(prompt, cancellationToken: timeout.Token);
            return message.Content ?? "";
        }
        var sb = new StringBuilder();
        await foreach (var chunk in chat.GetStreamingChatMessageContentsAsync(prompt, cancellationToken: timeout.Token))
        {
            if (string.IsNullOrEmpty(chunk.Content))
                continue;
            sb.Append(chunk.Content);
            await onPartial(sb.ToString());
        }
        return sb.ToString();
    }

    private async Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        var rewritten = (await CompleteAsync(GroundedPrompt.BuildRewrite(question, history), null, cancellationToken)).Trim().Trim('"', '“', '”');
        return rewritten.Length is > 0 and <= 500 ? rewritten : FollowUpRewriter.Rewrite(question, history);
    }

    // The best passage of each top article first, then the second best of each, and so on.
    private static List<Passage> PickPassages(IReadOnlyList<ArticleHit> articles, int count)
    {
        var picked = new List<Passage>();
        for (var round = 0; picked.Count < count; round++)
        {
            var added = false;
            foreach (var article in articles)
            {
                if (round < article.Passages.Count && picked.Count < count)
                {
                    picked.Add(article.Passages[round].Passage);
                    added = true;
                }
            }
            if (!added)
                break;
        }
        return picked;
    }

    private string Describe(Exception e) => SecretRedactor.Redact($"{e.GetType().Name}: {e.Message}", llmOptions.Value.ApiKey ?? "");
}
