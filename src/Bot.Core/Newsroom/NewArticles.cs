namespace Bot.Core.Newsroom;

/// <summary>What one knowledge reload added: the articles no load before it had (per knowledge folder), none on the very first load.</summary>
/// <param name="Articles">The articles added, recorded by this process (another replica recording them first makes them not this one's).</param>
public sealed record NewArticles(IReadOnlyList<AddedArticle> Articles);
