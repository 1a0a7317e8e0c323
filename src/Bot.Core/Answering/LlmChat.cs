using System.ClientModel;
using System.Text;
using Bot.Core.Common;
using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.SemanticKernel;
using Microsoft.SemanticKernel.ChatCompletion;
using Polly;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace Bot.Core.Answering;

/// <summary>
/// The LLM through Semantic Kernel's chat completion, behind one timeout and one breaker shared by every call (a
/// follow-up's rewrite and the answer): after <c>Llm:BreakerFailures</c> failures in a row it is skipped for
/// <c>Llm:BreakerSeconds</c>, so that users are not kept waiting. <paramref name="time"/> drives both.
/// </summary>
public sealed class LlmChat(IChatCompletionService chat, IOptions<LlmOptions> options, TimeProvider time, ILogger<LlmAnswerer> logger)
{
    private readonly ResiliencePipeline _pipeline = Breakers.WithTimeout(time, options.Value.BreakerFailures,
        TimeSpan.FromSeconds(Math.Max(1, options.Value.BreakerSeconds)), TimeSpan.FromSeconds(options.Value.TimeoutSeconds), IsFailure);

    // What a failing, slow or unreachable LLM raises through Semantic Kernel and the OpenAI client, and the timeout (an
    // HTTP client's own timeout is a cancellation nobody asked for: TryCompleteAsync checks that the asker did not).
    private static bool IsFailure(Exception e) =>
        e is HttpOperationException or KernelException or ClientResultException or HttpRequestException or TimeoutRejectedException or LlmReplyException
            or System.Text.Json.JsonException or IOException or OperationCanceledException;

    // The failure described for a log line, with the API key redacted.
    private string Describe(Exception e) => LogText.Safe(SecretRedactor.Redact($"{e.GetType().Name}: {e.Message}", options.Value.ApiKey ?? ""));

    /// <summary>
    /// The model's reply to <paramref name="prompt"/>, or null when the LLM failed (logged once here) or its breaker is
    /// open: the caller then gives the offline answer. The asker's own cancellation is not a failure and is thrown.
    /// </summary>
    public async Task<string?> TryCompleteAsync(ChatHistory prompt, IProgress<string>? progress, CancellationToken cancellationToken)
    {
        try
        {
            return await CompleteAsync(prompt, progress, cancellationToken).ConfigureAwait(false);
        }
        catch (BrokenCircuitException)
        {
            return null;
        }
        catch (Exception e) when (IsFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("LLM answer failed ({Error}); giving the offline answer", Describe(e));
            return null;
        }
    }

    // The model's reply; with a progress it is streamed and reported as it comes.
    private async Task<string> CompleteAsync(ChatHistory prompt, IProgress<string>? progress, CancellationToken cancellationToken) =>
        await _pipeline.ExecuteAsync(async ct =>
        {
            if (progress is null)
            {
                var message = await chat.GetChatMessageContentAsync(prompt, cancellationToken: ct);
                return message.Content ?? "";
            }
            var sb = new StringBuilder();
            object? finish = null;
            await foreach (var chunk in chat.GetStreamingChatMessageContentsAsync(prompt, cancellationToken: ct))
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
}
