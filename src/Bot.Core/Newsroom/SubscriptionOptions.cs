using Bot.Core.Options;
using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Newsroom;

/// <summary>Subscriptions, pushes and digests. Section <c>Subscriptions</c>.</summary>
public sealed class SubscriptionOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Subscriptions";

    /// <summary>Subscriptions one chat may have.</summary>
    [Range(1, 100, ErrorMessage = "Subscriptions:MaxPerChat must be between 1 and 100.")]
    public int MaxPerChat { get; set; } = 20;

    /// <summary>The SQLite file; empty: <c>newsroom.db</c> in the index folder (in memory when the index is).</summary>
    [WritablePath("Subscriptions:Path")]
    public string? Path { get; set; }

    /// <summary>Days the articles added are kept for digests (and their pushes, if still owed).</summary>
    [Range(1, 365, ErrorMessage = "Subscriptions:RetentionDays must be between 1 and 365.")]
    public int RetentionDays { get; set; } = 14;

    /// <summary>More articles than this owed to one chat at once go out as one message listing them.</summary>
    [Range(1, 20, ErrorMessage = "Subscriptions:ListAbove must be between 1 and 20.")]
    public int ListAbove { get; set; } = 3;

    /// <summary>Seconds between looks for pushes owed that another replica recorded (this one's are pushed at once).</summary>
    [Range(1, 60, ErrorMessage = "Subscriptions:PollSeconds must be between 1 and 60.")]
    public int PollSeconds { get; set; } = 5;

    /// <summary>Seconds a replica's claim on a chat's pushes lasts: how soon another takes over from one that died mid-push.</summary>
    [Range(2, 600, ErrorMessage = "Subscriptions:ClaimSeconds must be between 2 and 600.")]
    public int ClaimSeconds { get; set; } = 30;
}
