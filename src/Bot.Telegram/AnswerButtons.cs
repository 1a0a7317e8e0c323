using System.Security.Cryptography;
using System.Text;
using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Knowledge;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram;

/// <summary>A button press, read from its <c>callback_data</c>.</summary>
internal abstract record ButtonPress
{
    /// <summary>Open passage <paramref name="Position"/> of the article whose key is <paramref name="ArticleKey"/>.</summary>
    public sealed record Source(string ArticleKey, int Position) : ButtonPress;

    /// <summary>Rate answer <paramref name="AnswerId"/>.</summary>
    public sealed record Rating(long AnswerId, bool Up) : ButtonPress;

    /// <summary>The thanks left after a rating: nothing to do.</summary>
    public sealed record Done : ButtonPress;
}

/// <summary>
/// The buttons under an answer: one per source, opening its passage, and 👍 / 👎. Their data names what they act on by
/// stable keys (an article's id hashed, a passage's position, an answer's id in the feedback store), within Telegram's
/// 64 bytes, so a button still works after a restart.
/// </summary>
internal static class AnswerButtons
{
    /// <summary>The keyboard under <paramref name="answer"/>, recorded as <paramref name="answerId"/>.</summary>
    public static InlineKeyboardMarkup For(Answer answer, long answerId)
    {
        var rows = new List<InlineKeyboardButton[]>();
        var sources = answer.Sources.Concat(answer.Related)
            .Select((c, i) => (c, i))
            .Where(s => s.c.Position is not null)
            .Select(s => InlineKeyboardButton.WithCallbackData($"[{s.i + 1}]", $"p:{ArticleKey(s.c.Id)}:{s.c.Position}"))
            .ToArray();
        if (sources.Length > 0)
            rows.Add(sources);
        rows.Add([InlineKeyboardButton.WithCallbackData("👍", $"r:1:{answerId}"), InlineKeyboardButton.WithCallbackData("👎", $"r:0:{answerId}")]);
        return new InlineKeyboardMarkup(rows);
    }

    /// <summary>The keyboard once rated: the sources stay, the rating row says thanks.</summary>
    public static InlineKeyboardMarkup Rated(InlineKeyboardMarkup? current, string thanks)
    {
        var rows = current?.InlineKeyboard.Select(r => r.ToArray()).Where(r => !r.Any(b => b.CallbackData?.StartsWith("r:", StringComparison.Ordinal) == true)).ToList() ?? [];
        rows.Add([InlineKeyboardButton.WithCallbackData(thanks, "t")]);
        return new InlineKeyboardMarkup(rows);
    }

    /// <summary>Reads <paramref name="data"/>; null when it is not one of ours (forged, or from an older version).</summary>
    public static ButtonPress? Parse(string? data)
    {
        var parts = (data ?? "").Split(':');
        return parts switch
        {
            ["t"] => new ButtonPress.Done(),
            ["p", { Length: 16 } key, var position] when int.TryParse(position, out var p) && p >= 0 => new ButtonPress.Source(key, p),
            ["r", "1" or "0", var id] when long.TryParse(id, out var answerId) && answerId > 0 => new ButtonPress.Rating(answerId, parts[1] == "1"),
            _ => null,
        };
    }

    /// <summary>A short stable key of an article id: 16 hex digits of its SHA-256.</summary>
    public static string ArticleKey(string articleId) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(articleId)))[..16];

    /// <summary>The article of <paramref name="snapshot"/> whose key is <paramref name="key"/>, or null.</summary>
    public static Article? Find(KnowledgeSnapshot snapshot, string key) =>
        Keys.GetValue(snapshot, s => s.Articles.GroupBy(a => ArticleKey(a.Id)).ToDictionary(g => g.Key, g => g.First())).GetValueOrDefault(key);

    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<KnowledgeSnapshot, Dictionary<string, Article>> Keys = new();
}
