using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Inbox;

/// <summary>The inbox's settings under section <c>Feedback</c>: curated answers' days, the admins' daily message, and telling askers.</summary>
public sealed class InboxFeedbackOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feedback";

    /// <summary>
    /// Days a curated answer is served when its author gives no date (what <see cref="InboxOptions.CuratedDays"/> serves).
    /// When unset, <c>Inbox:CuratedDays</c>, its older name, is read.
    /// </summary>
    [Range(1, 3650, ErrorMessage = "Feedback:CuratedDays must be between 1 and 3650.")]
    public int CuratedDays { get; set; } = 30;

    /// <summary>
    /// The time of day (<c>HH:mm</c>, in <c>Answering:TimeZone</c>) the admins are sent what is new in the inbox; empty:
    /// no daily message.
    /// </summary>
    [RegularExpression(@"^([01][0-9]|2[0-3]):[0-5][0-9]$", ErrorMessage = "Feedback:InboxTime must be a time of day as HH:mm (such as 09:00), or empty for no daily inbox message.")]
    public string? InboxTime { get; set; }

    /// <summary>
    /// Tell the chats that asked a declined question when a curated answer or a knowledge reload answers it (once a chat
    /// and question). Only questions kept under <c>Telegram:KeepQuestions</c> can be asked again.
    /// </summary>
    public bool NotifyAskers { get; set; } = true;

    /// <summary>The daily message's time of day, or null when there is none (or <see cref="InboxTime"/> is not one).</summary>
    public TimeOnly? DailyAt => TimeOnly.TryParseExact(InboxTime, "HH:mm", System.Globalization.CultureInfo.InvariantCulture,
        System.Globalization.DateTimeStyles.None, out var at) ? at : null;
}
