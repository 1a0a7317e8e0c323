using System.Text.RegularExpressions;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram.Inbox;

/// <summary>A press of an inbox or curated-answer button, read from its <c>callback_data</c>.</summary>
internal abstract record InboxPress
{
    /// <summary>Write a curated answer for the questions of group <paramref name="GroupId"/>.</summary>
    public sealed record Answer(string GroupId) : InboxPress;

    /// <summary>Forget the questions of group <paramref name="GroupId"/>.</summary>
    public sealed record Dismiss(string GroupId) : InboxPress;

    /// <summary>Delete curated answer <paramref name="Id"/>.</summary>
    public sealed record Delete(long Id) : InboxPress;
}

/// <summary>
/// The buttons of <c>/inbox</c> ("答复", "忽略") and <c>/curated</c> (delete), and the tag <c>#&lt;group&gt;</c> an inbox
/// item's text carries, so that an admin's reply to it is read as the curated answer for that group.
/// </summary>
internal static partial class InboxButtons
{
    /// <summary>The buttons under an inbox item.</summary>
    public static InlineKeyboardMarkup ForGroup(string groupId, string answer, string dismiss) =>
        new([[InlineKeyboardButton.WithCallbackData(answer, $"ib:a:{groupId}"), InlineKeyboardButton.WithCallbackData(dismiss, $"ib:d:{groupId}")]]);

    /// <summary>The buttons under the list of curated answers: one delete per answer.</summary>
    public static InlineKeyboardMarkup ForCurated(IEnumerable<(long Id, string Label)> answers) =>
        new(answers.Select(a => new[] { InlineKeyboardButton.WithCallbackData(a.Label, $"cu:x:{a.Id}") }));

    /// <summary>Reads <paramref name="data"/>; null when it is not an inbox button.</summary>
    public static InboxPress? Parse(string? data) => (data ?? "").Split(':') switch
    {
        ["ib", "a", { Length: 16 } group] => new InboxPress.Answer(group),
        ["ib", "d", { Length: 16 } group] => new InboxPress.Dismiss(group),
        ["cu", "x", var id] when long.TryParse(id, out var n) && n > 0 => new InboxPress.Delete(n),
        _ => null,
    };

    /// <summary>The tag an inbox item's text ends with.</summary>
    public static string Tag(string groupId) => "#" + groupId;

    /// <summary>The group a text tags (an inbox item, or the prompt of its "答复" button), or null.</summary>
    public static string? TaggedGroup(string? text) => text is null ? null : TagRegex().Match(text) is { Success: true } m ? m.Groups[1].Value : null;

    [GeneratedRegex(@"#([0-9A-F]{16})\b")]
    private static partial Regex TagRegex();
}
