namespace Bot.Core.Newsroom;

/// <summary>A chat's subscription: the articles with every one of these words (in title or text) are pushed to it.</summary>
/// <param name="Chat">The chat.</param>
/// <param name="Words">The words as the chat gave them (spaces made single).</param>
public sealed record Subscription(long Chat, string Words);
