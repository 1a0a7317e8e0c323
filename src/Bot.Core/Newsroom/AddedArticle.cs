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

/// <summary>What one knowledge reload added: the articles no load before it had (per knowledge folder), none on the very first load.</summary>
/// <param name="Articles">The articles added, recorded by this process (another replica recording them first makes them not this one's).</param>
public sealed record NewArticles(IReadOnlyList<AddedArticle> Articles);

/// <summary>A push owed: <paramref name="Article"/> to <paramref name="Chat"/>, which follows <paramref name="Words"/>.</summary>
/// <param name="Chat">The chat.</param>
/// <param name="Words">The subscription it matched.</param>
/// <param name="Article">The article.</param>
public sealed record PendingPush(long Chat, string Words, AddedArticle Article);

/// <summary>A chat's subscription: the articles with every one of these words (in title or text) are pushed to it.</summary>
/// <param name="Chat">The chat.</param>
/// <param name="Words">The words as the chat gave them (spaces made single).</param>
public sealed record Subscription(long Chat, string Words);

/// <summary>A chat's daily digest.</summary>
/// <param name="Chat">The chat.</param>
/// <param name="At">The time of day, in <c>Answering:TimeZone</c>.</param>
/// <param name="NextDue">When the next digest is due.</param>
/// <param name="Since">The articles added from this moment on go into the next digest.</param>
public sealed record DigestSchedule(long Chat, TimeOnly At, DateTimeOffset NextDue, DateTimeOffset Since);

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
