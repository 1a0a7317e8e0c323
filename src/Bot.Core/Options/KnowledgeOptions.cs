using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Options;

/// <summary>Where the articles are and how they are read. Section <c>Knowledge</c>.</summary>
public sealed class KnowledgeOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Knowledge";

    /// <summary>A folder (searched recursively) or one file; relative paths are resolved against the content root.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Knowledge:Path is required: the folder or file that holds the articles.")]
    public string Path { get; set; } = "knowledge";

    /// <summary>
    /// Where the index is kept between runs: a folder (relative to the content root), or <c>memory</c> to index in memory
    /// at every start. Default: a folder under the user's local application data, one per knowledge path.
    /// </summary>
    public string? IndexPath { get; set; }

    /// <summary>Watch the knowledge folder and apply changes while running.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>Files larger than this are skipped with a warning.</summary>
    [Range(1, long.MaxValue, ErrorMessage = "Knowledge:MaxFileBytes must be a positive number of bytes.")]
    public long MaxFileBytes { get; set; } = 512L * 1024 * 1024;

    /// <summary>Passages hold whole sentences up to about this many characters.</summary>
    [Range(40, 4000, ErrorMessage = "Knowledge:PassageChars must be between 40 and 4000.")]
    public int PassageChars { get; set; } = 200;
}
