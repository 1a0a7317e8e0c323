using System.ClientModel;
using System.Diagnostics;
using System.Text;
using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Bot.Core.Options;
using Bot.Core.Search;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bot.Core.Answering;

/// <summary>
/// Writes grounded answers with an LLM through Semantic Kernel: retrieves passages, asks the model to answer only from
/// them with [n] citations, maps the citations to the real sources, and declines when the model cites nothing and
/// retrieval was weak. Any LLM failure (timeout, error, unreachable) falls back to the <c>offline</c> answerer with a
/// note; repeated failures open a breaker so that users are not kept waiting.
/// </summary>
public sealed class LlmAnswerer : IQuestionAnswerer
{
    /// <summary>The service key of the answerer used when the LLM fails.</summary>
    public const string FallbackKey = "offline";

    private readonly IQuestionAnswerer _fallback;
    private readonly IKnowledgeStore _store;
    private readonly IRetriever _retriever;
    private readonly AnswerComposer _composer;
    private readonly ContextBuilder _context;
    private readonly AnswerScope _scope;
    private readonly IChatCompletionService _chat;
    private readonly LlmOptions _llm;
    private readonly AnsweringOptions _answering;
    private readonly ILogger<LlmAnswerer> _logger;
    private readonly ResiliencePipeline _pipeline;

    /// <summary>Creates the answerer; <paramref name="time"/> drives the timeout and the breaker.</summary>
    public LlmAnswerer(
        [FromKeyedServices(FallbackKey)] IQuestionAnswerer fallback,
        IKnowledgeStore store,
        IRetriever retriever,
        AnswerComposer composer,
        ContextBuilder context,
        AnswerScope scope,
        IChatCompletionService chat,
        IOptions<LlmOptions> llmOptions,
        IOptions<AnsweringOptions> answeringOptions,
        TimeProvider time,
        ILogger<LlmAnswerer> logger)
    {
        (_fallback, _store, _retriever, _composer, _context, _scope, _chat, _llm, _answering, _logger) =
            (fallback, store, retriever, composer, context, scope, chat, llmOptions.Value, answeringOptions.Value, logger);
        // The breaker opens after BreakerFailures calls in a row have failed and skips the LLM for BreakerSeconds.
        _pipeline = Breakers.WithTimeout(time, _llm.BreakerFailures, TimeSpan.FromSeconds(Math.Max(1, _llm.BreakerSeconds)),
            TimeSpan.FromSeconds(_llm.TimeoutSeconds), IsLlmFailure);
    }

    /// <summary>The note shown above an offline answer given because the LLM failed.</summary>
    public static string FallbackNote(string language) => TextCatalog.Default.Get(language, "answer.llmFallback");

    /// <summary>The note shown above an offline answer given because the LLM's reply was not grounded in the passages.</summary>
    public static string UngroundedNote(string language) => TextCatalog.Default.Get(language, "answer.llmUngrounded");

    /// <inheritdoc />
    public Task<Answer> AnswerAsync(string question, IReadOnlyList<ConversationTurn>? history = null, CancellationToken cancellationToken = default) =>
        AnswerCoreAsync(question, history, null, cancellationToken);

    /// <inheritdoc />
    public Task<Answer> AnswerStreamingAsync(string question, IReadOnlyList<ConversationTurn>? history, IProgress<string> progress, CancellationToken cancellationToken = default) =>
        AnswerCoreAsync(question, history, progress, cancellationToken);

    private async Task<Answer> AnswerCoreAsync(string question, IReadOnlyList<ConversationTurn>? history, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        if (_composer.Validate(question) is { } invalid)
            return invalid;
        var trimmed = question.Trim();
        var language = TextCatalog.Default.LanguageOfText(trimmed);

        try
        {
            var standalone = history is { Count: > 0 } && FollowUpRewriter.LeansOnPrevious(trimmed)
                ? await RewriteAsync(trimmed, history, cancellationToken)
                : trimmed;
            var analyzed = QuestionAnalyzer.Analyze(standalone);
            Retrieval retrieval;
            AnswerContext context;
            var changed = standalone == trimmed ? null : standalone;
            using (var lease = _store.Acquire())
            {
                if (analyzed.IsEmpty || lease.Snapshot.Passages.Count == 0)
                    return await _fallback.AnswerAsync(question, history, cancellationToken);
                retrieval = await _retriever.RetrieveAsync(lease.Snapshot, analyzed, Math.Max(_answering.TopSources, _context.ArticlesRead), cancellationToken);
                // The offline decline rules hold here too, and the LLM is not asked: nothing found that holds enough of
                // the question, or what it asks about is not in the knowledge.
                if (!_scope.Holds(retrieval, _answering.MinCoverage))
                    return _composer.Decline(question, language, retrieval, watch.Elapsed) with { StandaloneQuestion = changed, Mode = AnswerMode.Llm };
                if (_scope.Find(lease.Snapshot, analyzed, retrieval) is { } gap)
                    return _composer.Decline(question, language, gap, watch.Elapsed) with { StandaloneQuestion = changed, Mode = AnswerMode.Llm };
                context = _context.Build(lease.Snapshot, analyzed, retrieval.Articles, _llm.ContextChars);
            }
            if (context.Blocks.Count == 0)
                return _composer.Decline(question, language, retrieval, watch.Elapsed) with { StandaloneQuestion = changed, Mode = AnswerMode.Llm };

            var prompt = GroundedPrompt.Build(standalone, context, history);
            var reply = await CompleteAsync(prompt, progress, cancellationToken);

            var blocks = context.Blocks;
            var (text, cited) = CitationMapper.Map(reply, blocks.Count);
            if (cited.Count == 0 && (!_scope.Holds(retrieval, _answering.MinCoverage) || text.Length == 0))
            {
                // No support in the passages and weak retrieval: the knowledge lacks the answer.
                return _composer.Decline(question, language, retrieval, watch.Elapsed) with { StandaloneQuestion = changed };
            }
            var citedBlocks = cited.Select(i => blocks[i]).ToList();
            if (cited.Count == 0 || !Grounded.SharesWith(text, citedBlocks.Select(b => b.Text)) || !(Grounded.About(analyzed, citedBlocks) || _scope.FoundByMeaning(retrieval)))
            {
                // A reply that cites nothing, says nothing the passages it cites say, or cites only passages that share
                // nothing with the question, is not a grounded answer (an instruction planted in a passage, a model
                // answering from memory): the offline answer is shown instead. Passages found by meaning may share no
                // words with the question (another language), so there the embedding model's judgement stands.
                _logger.LogWarning("LLM reply not grounded in the passages ({Cited} cited); giving the offline answer", cited.Count);
                return await FallbackAsync(UngroundedNote(language));
            }
            var sources = citedBlocks.Select(AnswerComposer.Cite).ToList();
            return new Answer(question, text, AnswerStatus.Answered, sources, watch.Elapsed) { StandaloneQuestion = changed, Mode = AnswerMode.Llm };
        }
        catch (BrokenCircuitException)
        {
            return await FallbackAsync(FallbackNote(language));
        }
        catch (Exception e) when (IsLlmFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogWarning("LLM answer failed ({Error}); giving the offline answer", Describe(e));
            return await FallbackAsync(FallbackNote(language));
        }

        async Task<Answer> FallbackAsync(string note) => await _fallback.AnswerAsync(question, history, cancellationToken) is var a && a.Status == AnswerStatus.Invalid
            ? a
            : a with { Note = note, Elapsed = watch.Elapsed, Mode = AnswerMode.Fallback };
    }

    // What a failing, slow or unreachable LLM raises through Semantic Kernel and the OpenAI client, and Polly's timeout
    // (an HTTP client's own timeout is a cancellation nobody asked for: the catch sites check that the asker did not).
    private static bool IsLlmFailure(Exception e) =>
        e is HttpOperationException or KernelException or ClientResultException or HttpRequestException or TimeoutRejectedException or LlmReplyException
            or System.Text.Json.JsonException or IOException or OperationCanceledException;

    private async Task<string> CompleteAsync(ChatHistory prompt, IProgress<string>? progress, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct =>
        {
            if (progress is null)
            {
                var message = await _chat.GetChatMessageContentAsync(prompt, cancellationToken: ct);
                return message.Content ?? "";
            }
            var sb = new StringBuilder();
            object? finish = null;
            await foreach (var chunk in _chat.GetStreamingChatMessageContentsAsync(prompt, cancellationToken: ct))
            {
                if (chunk.Metadata?.TryGetValue("FinishReason", out var reason) == true && reason is not null)
                    finish = reason;
                if (string.IsNullOrEmpty(chunk.Content))
                    continue;
                sb.Append(chunk.Content);
                progress.Report(sb.ToString());
            }
            // A stream that ends without saying why (no finish_reason, no [DONE]) was cut: its text is not an answer.
            if (finish is null)
                throw new LlmReplyException($"the reply stream ended after {sb.Length} characters without a finish reason");
            return sb.ToString();
        }, cancellationToken);

    private async Task<string> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, CancellationToken cancellationToken)
    {
        var rewritten = (await CompleteAsync(GroundedPrompt.BuildRewrite(question, history), null, cancellationToken)).Trim().Trim('"', '“', '”');
        return rewritten.Length is > 0 and <= 500 ? rewritten : FollowUpRewriter.Rewrite(question, history);
    }

    private string Describe(Exception e) => SecretRedactor.Redact($"{e.GetType().Name}: {e.Message}", _llm.ApiKey ?? "");
}
