using Bot.Core.Options;
using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Inbox;

/// <summary>The operator's inbox and the curated answers. Section <c>Inbox</c>.</summary>
public sealed class InboxOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Inbox";

    /// <summary>The SQLite file; empty: <c>inbox.db</c> in the index folder (in memory when the index is).</summary>
    [WritablePath("Inbox:Path")]
    public string? Path { get; set; }

    /// <summary>Declined and 👎 questions kept at most: the oldest go first.</summary>
    [Range(10, 1_000_000, ErrorMessage = "Inbox:MaxItems must be between 10 and 1000000.")]
    public int MaxItems { get; set; } = 10_000;

    /// <summary>Questions older than this are forgotten, and so is the note that an asker was told.</summary>
    [Range(1, 3650, ErrorMessage = "Inbox:RetentionDays must be between 1 and 3650.")]
    public int RetentionDays { get; set; } = 90;

    /// <summary>Days a curated answer is served when its author gives no expiry: the older name of <c>Feedback:CuratedDays</c>, which wins when set.</summary>
    [Range(1, 3650, ErrorMessage = "Inbox:CuratedDays must be between 1 and 3650.")]
    public int CuratedDays { get; set; } = 30;

    /// <summary>Curated answers kept at most (served or expired): beyond, a new one is refused until one is deleted.</summary>
    [Range(1, 100_000, ErrorMessage = "Inbox:MaxCurated must be between 1 and 100000.")]
    public int MaxCurated { get; set; } = 1000;

    /// <summary>Kept declined questions asked again after a knowledge reload, newest first.</summary>
    [Range(0, 10_000, ErrorMessage = "Inbox:RecheckMax must be between 0 and 10000.")]
    public int RecheckMax { get; set; } = 200;
}
