using System.Security.Cryptography;
using System.Text;
using Bot.Core.Knowledge;

namespace Bot.Core.Newsroom;

/// <summary>An article added to the knowledge, as pushes and digests show it.</summary>
/// <param name="Stamp">What tells this article from every other: its id and its title (<see cref="StampOf"/>).</param>
/// <param name="Id">The article's id.</param>
/// <param name="Title">Its title.</param>
/// <param name="Date">Its date, where known.</param>
/// <param name="Lead">Its first sentence.</param>
/// <param name="SourcePath">The file it came from.</param>
/// <param name="AddedAt">When the knowledge reload that indexed it was made current.</param>
public sealed record AddedArticle(string Stamp, string Id, string Title, DateOnly? Date, string Lead, string SourcePath, DateTimeOffset AddedAt)
{
    // A first sentence longer than this is cut (a page's run-on opening paragraph).
    private const int MaxLead = 300;

    /// <summary>
    /// The article's stamp: its id with a short hash of its title. The same file read again gives the same stamps (a
    /// rescan adds nothing); an article under a new title is a new article, a corrected paragraph is not.
    /// </summary>
    public static string StampOf(Article article) =>
        article.Id + "#" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(article.Title)))[..12];

    /// <summary>The article as added at <paramref name="addedAt"/>.</summary>
    public static AddedArticle From(Article article, DateTimeOffset addedAt)
    {
        var first = article.Paragraphs.Select(p => SentenceSplitter.Split(p).FirstOrDefault(s => s.Trim().Length > 0)).FirstOrDefault(s => s is not null) ?? "";
        first = TextRules.TrimAll(first);
        if (first.Length > MaxLead)
            first = first[..MaxLead] + "…";
        return new AddedArticle(StampOf(article), article.Id, article.Title, article.Date, first, article.SourcePath, addedAt);
    }
}
