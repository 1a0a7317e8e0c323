namespace Bot.Core.Newsroom;

/// <summary>What <c>/subscribe</c> did.</summary>
public enum SubscribeResult
{
    /// <summary>Added.</summary>
    Added,

    /// <summary>The chat had it already.</summary>
    AlreadyThere,

    /// <summary>The chat has <c>Subscriptions:MaxPerChat</c> already.</summary>
    TooMany,
}
