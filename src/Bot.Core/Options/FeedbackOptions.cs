using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Options;

/// <summary>Where answers' ratings are kept. Section <c>Feedback</c>.</summary>
public sealed class FeedbackOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Feedback";

    /// <summary>The SQLite file; empty: <c>feedback.db</c> in the index folder (in memory when the index is).</summary>
    [WritablePath("Feedback:Path")]
    public string? Path { get; set; }

    /// <summary>Answers older than this are forgotten, with their ratings.</summary>
    [Range(1, 3650, ErrorMessage = "Feedback:RetentionDays must be between 1 and 3650.")]
    public int RetentionDays { get; set; } = 180;

    /// <summary>Answers kept at most: the oldest go first.</summary>
    [Range(100, 10_000_000, ErrorMessage = "Feedback:MaxAnswers must be between 100 and 10000000.")]
    public int MaxAnswers { get; set; } = 100_000;
}
