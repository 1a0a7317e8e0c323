namespace Bot.Core.Newsroom;

/// <summary>
/// The "articles added" seam: raised once for each knowledge reload that added articles no earlier load had. Which
/// articles were seen is kept per knowledge folder in the <see cref="INewsroomStore"/>, so a restart that reads the same
/// files adds nothing, and files dropped while the bot was down are added at its first load. The very first load of a
/// folder (nothing recorded for it) is the baseline and adds nothing.
/// </summary>
public interface IArticleFeed
{
    /// <summary>Raised after the articles a reload added are recorded (with the pushes they owe); never on the reload's own thread.</summary>
    event Action<NewArticles>? Added;

    /// <summary>Waits until every reload made current so far has been compared and recorded.</summary>
    Task SettledAsync(CancellationToken cancellationToken = default);
}
