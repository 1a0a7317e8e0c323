using System.Globalization;
using System.Text.RegularExpressions;
using Bot.Core.Answering;
using Bot.Core.Inbox;
using Bot.Telegram.Inbox;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary>
/// <c>/curate 问题 | 答案 [| 有效期至 2027-01-31 或 30d]</c> (admins; <c>/answer</c>, its older name, too), or an admin's
/// reply to an inbox item: keeps a curated answer, served first to questions with the same words (or, with an embedding
/// model, the same meaning) until it expires (<c>Feedback:CuratedDays</c> by default).
/// </summary>
public sealed partial class AnswerCommand(CuratedAnswers curated, IInboxStore store, TextCatalog texts, TimeProvider time) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("curate", CommandAudience.Admins, typeof(AnswerCommand), new Dictionary<string, string>
    {
        ["zh"] = "写一条编辑答复：问题 | 答案 | 有效期至 日期（管理员）",
        ["en"] = "Write an editor's answer: question | answer | valid until date (admins)",
    }) { Aliases = ["answer"] };

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var parts = context.Request.Argument.Split('|', StringSplitOptions.TrimEntries);
        DateTimeOffset? expires = null;
        if (parts.Length is < 2 or > 3 || parts[0].Length == 0 || parts[1].Length == 0
            || parts.Length == 3 && (expires = Expiry(parts[2], time.GetUtcNow())) is null)
        {
            // The usage names the word the admin typed (/curate, or /answer, its older name).
            var word = context.Request.Command is { } typed && BotCommands.Find(typed) == Spec ? typed : Spec.Name;
            var past = parts.Length == 3 && DateRegex().IsMatch(parts[2]) && Expiry(parts[2], DateTimeOffset.MinValue) is not null;
            await context.ReplyAsync(HtmlText.Escape(past ? texts.Get(language, "inbox.expiryPast", parts[2]) : texts.Get(language, "inbox.answerUsage", word)));
            return;
        }
        var (question, words) = (parts[0], (string?)null);
        if (InboxButtons.TaggedGroup(question) is { } groupId)
        {
            var group = (await store.GroupsAsync(int.MaxValue, context.CancellationToken))?.FirstOrDefault(g => g.Id == groupId);
            if (group is null)
            {
                await context.ReplyAsync(HtmlText.Escape(texts.Get(language, "inbox.unknownGroup")));
                return;
            }
            (question, words) = (group.Question ?? group.Words, group.Words);
        }
        var added = await curated.AddAsync(question, parts[1], expires, words, context.CancellationToken);
        await context.ReplyAsync(HtmlText.Escape(added is null
            ? texts.Get(language, "inbox.answerRefused")
            : texts.Get(language, "inbox.answerSaved", added.Id, added.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), added.Question)));
    }

    /// <summary>
    /// When an answer given <paramref name="text"/> ("30d", "30天", "2027-01-31", "有效期至 2027-01-31") expires: after that
    /// many days, or at the end of that day (UTC); null when the text says neither.
    /// </summary>
    internal static DateTimeOffset? Expiry(string text, DateTimeOffset now)
    {
        if (DaysRegex().Match(text) is { Success: true } days && int.TryParse(days.Groups[1].Value, out var n) && n is > 0 and <= 3650)
            return now.AddDays(n);
        if (DateRegex().Match(text) is { Success: true } date
            && DateOnly.TryParseExact(date.Value, "yyyy-M-d", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day))
        {
            var end = new DateTimeOffset(day.AddDays(1).ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
            return end > now ? end : null;
        }
        return null;
    }

    [GeneratedRegex(@"^(\d{1,4})\s*(d|days?|天)$", RegexOptions.IgnoreCase)]
    private static partial Regex DaysRegex();

    [GeneratedRegex(@"\d{4}-\d{1,2}-\d{1,2}")]
    private static partial Regex DateRegex();
}
