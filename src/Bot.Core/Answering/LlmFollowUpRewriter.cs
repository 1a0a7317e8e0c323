namespace Bot.Core.Answering;

/// <summary>
/// Makes a follow-up standalone with the LLM, when it leans on the previous turn. When the LLM fails the offline rewrite
/// stands and the draft says so, so that the writer gives the offline answer at once instead of asking again.
/// </summary>
public sealed class LlmFollowUpRewriter(LlmChat chat) : IFollowUpRewriter
{
    /// <inheritdoc />
    public async ValueTask<FollowUp> RewriteAsync(string question, IReadOnlyList<ConversationTurn>? history, CancellationToken cancellationToken)
    {
        if (history is not { Count: > 0 } || !FollowUpRewriter.LeansOnPrevious(question))
            return new FollowUp(question);
        if (await chat.TryCompleteAsync(GroundedPrompt.BuildRewrite(question, history), null, cancellationToken).ConfigureAwait(false) is not { } reply)
            return new FollowUp(FollowUpRewriter.Rewrite(question, history), LlmFailed: true);
        var rewritten = reply.Trim().Trim('"', '“', '”');
        return new FollowUp(rewritten.Length is > 0 and <= 500 ? rewritten : FollowUpRewriter.Rewrite(question, history));
    }
}
