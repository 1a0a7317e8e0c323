using Bot.Core.Knowledge;
using Bot.Core.Search;

namespace Bot.Core.Pictures;

/// <summary>What a picture of a page shows, matched to the knowledge.</summary>
/// <param name="Read">The articles its text splits into, as a knowledge file of it would give them.</param>
/// <param name="Matches">The articles of the knowledge it shows, the largest part of the picture first; empty when none.</param>
/// <param name="Overlap">The best article's overlap with the picture's text (0–1; see <see cref="PictureMatcher.MinOverlap"/>).</param>
public sealed record PictureMatch(IReadOnlyList<Article> Read, IReadOnlyList<Article> Matches, double Overlap)
{
    /// <summary>Reports on the shown article's subject dated after it, oldest first (<see cref="PictureMatcher.MinSubject"/>); empty when none.</summary>
    public IReadOnlyList<Article> Later { get; init; } = [];

    /// <summary>The article the picture shows (its largest part), or null when it shows none of the knowledge.</summary>
    public Article? Article => Matches.Count > 0 ? Matches[0] : null;

    /// <summary>
    /// <paramref name="question"/>, asked about the picture, made standalone as a follow-up is: the words of the shown
    /// article's headline before it ("这篇报道后来怎么样了？" has no subject of its own), so that the search finds the
    /// article and the later reports on its subject. Unchanged when the picture shows no article.
    /// </summary>
    public string QuestionAbout(string question) =>
        Article is { } article ? string.Join(" ", QuestionAnalyzer.Analyze(article.Title).Terms.Select(t => t.Text)) + " " + question : question;
}
