namespace Bot.Core.Answering;

/// <summary>Makes a follow-up question standalone from the conversation so far.</summary>
public interface IFollowUpRewriter
{
    /// <summary>The standalone form of <paramref name="question"/> (trimmed), and whether an LLM asked for it failed.</summary>
    ValueTask<FollowUp> RewriteAsync(string question, IReadOnlyList<ConversationTurn>? history, CancellationToken cancellationToken);
}

/// <summary>A follow-up made standalone.</summary>
/// <param name="Standalone">The question to search for.</param>
/// <param name="LlmFailed">True when the LLM was asked and failed (the offline rewrite stands).</param>
public sealed record FollowUp(string Standalone, bool LlmFailed = false);

/// <summary>The rewrite without an LLM (<see cref="FollowUpRewriter"/>).</summary>
public sealed class OfflineFollowUpRewriter : IFollowUpRewriter
{
    /// <inheritdoc />
    public ValueTask<FollowUp> RewriteAsync(string question, IReadOnlyList<ConversationTurn>? history, CancellationToken cancellationToken) =>
        ValueTask.FromResult(new FollowUp(FollowUpRewriter.Rewrite(question, history)));
}
