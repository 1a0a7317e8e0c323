namespace Bot.Core.Newsroom;

/// <summary>A push owed: <paramref name="Article"/> to <paramref name="Chat"/>, which follows <paramref name="Words"/>.</summary>
/// <param name="Chat">The chat.</param>
/// <param name="Words">The subscription it matched.</param>
/// <param name="Article">The article.</param>
public sealed record PendingPush(long Chat, string Words, AddedArticle Article);
