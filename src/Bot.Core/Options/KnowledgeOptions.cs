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
    [WritablePath("Knowledge:IndexPath", folder: true)]
    public string? IndexPath { get; set; }

    /// <summary>Watch the knowledge folder and apply changes while running.</summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// Also look at the folder's files every this many seconds and reload when one changed (0: never). For a folder on a
    /// shared volume, where a change made by another machine raises no file event here (NFS, SMB): replicas set it.
    /// </summary>
    [Range(0, 3600, ErrorMessage = "Knowledge:RescanSeconds must be between 0 and 3600.")]
    public int RescanSeconds { get; set; }

    /// <summary>
    /// How long, in milliseconds, the folder must be quiet before a change is loaded: an editor's save through a
    /// temporary file and a rename, or a copy of many files, then causes one reload.
    /// </summary>
    [Range(0, 60000, ErrorMessage = "Knowledge:DebounceMilliseconds must be between 0 and 60000.")]
    public int DebounceMilliseconds { get; set; } = 1000;

    /// <summary><see cref="DebounceMilliseconds"/> as a time span.</summary>
    public TimeSpan Debounce => TimeSpan.FromMilliseconds(DebounceMilliseconds);

    /// <summary>
    /// What one file may give, in bytes: its size on disk, and what is read out of it (decompressed, extracted from a
    /// package or a PDF's streams). A file past it is skipped with a warning naming it.
    /// </summary>
    [Range(1, long.MaxValue, ErrorMessage = "Knowledge:MaxFileBytes must be a positive number of bytes.")]
    public long MaxFileBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>Bytes of one JSONL line at most; a longer line is skipped with a warning naming it.</summary>
    [Range(1024, int.MaxValue, ErrorMessage = "Knowledge:MaxLineBytes must be between 1024 and 2147483647 bytes.")]
    public int MaxLineBytes { get; set; } = 4 * 1024 * 1024;

    /// <summary>Follow symbolic links that lead outside the knowledge folder (off: such links are skipped and named).</summary>
    public bool FollowLinksOutside { get; set; }

    /// <summary>Passages hold whole sentences up to about this many characters.</summary>
    [Range(40, 4000, ErrorMessage = "Knowledge:PassageChars must be between 40 and 4000.")]
    public int PassageChars { get; set; } = 200;
}
