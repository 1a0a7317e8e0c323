namespace Bot.Core.State;

/// <summary>
/// The per-user limit on questions: a sliding minute, in process (one replica) or shared by replicas. Conversations stay
/// behind <see cref="Answering.IConversationStore"/>, which every front end uses through <see cref="Answering.Conversations"/>.
/// </summary>
public interface IUserRateLimit
{
    /// <summary>
    /// True when user <paramref name="userId"/> may ask now (and the question is counted). A question with a
    /// <paramref name="questionId"/> is counted once however often it is asked for (an update taken over by another replica).
    /// </summary>
    ValueTask<bool> TryAcquireAsync(long userId, string? questionId = null, CancellationToken cancellationToken = default);
}

/// <summary>How many questions a user may ask, wherever the limit is kept; the front end sets it from its own options.</summary>
public sealed class UserLimitOptions
{
    /// <summary>Questions a user may ask within a minute.</summary>
    public int QuestionsPerMinute { get; set; } = 10;
}
