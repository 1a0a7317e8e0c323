using Microsoft.Extensions.Logging;
using Polly.CircuitBreaker;

namespace Bot.Core.Answering;

/// <summary>
/// Makes a follow-up standalone with the LLM, when it leans on the previous turn. When the LLM fails the offline rewrite
/// stands and the draft says so, so that the writer gives the offline answer at once instead of asking again.
/// </summary>
public sealed class LlmFollowUpRewriter(LlmChat chat, ILogger<LlmFollowUpRewriter> logger) : IFollowUpRewriter
{
    /// <inheritdoc />
    public async ValueTask<FollowUp> RewriteAsync(string question, IReadOnlyList<ConversationTurn>? history, CancellationToken cancellationToken)
    {
        if (history is not { Count: > 0 } || !FollowUpRewriter.LeansOnPrevious(question))
            return new FollowUp(question);
        try
        {
            var rewritten = (await chat.CompleteAsync(GroundedPrompt.BuildRewrite(question, history), null, cancellationToken).ConfigureAwait(false)).Trim().Trim('"', '“', '”');
            return new FollowUp(rewritten.Length is > 0 and <= 500 ? rewritten : FollowUpRewriter.Rewrite(question, history));
        }
        catch (BrokenCircuitException)
        {
            return new FollowUp(FollowUpRewriter.Rewrite(question, history), LlmFailed: true);
        }
        catch (Exception e) when (LlmChat.IsFailure(e) && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("LLM answer failed ({Error}); giving the offline answer", chat.Describe(e));
            return new FollowUp(FollowUpRewriter.Rewrite(question, history), LlmFailed: true);
        }
    }
}
