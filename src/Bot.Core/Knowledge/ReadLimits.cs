namespace Bot.Core.Knowledge;

/// <summary>
/// What one knowledge file may give: bytes read out of it (after decompression, or extracted from a package) and the
/// length of one JSONL line. A file or line past its bound is skipped and named, so that no file (a decompression bomb,
/// a runaway line) can take the process's memory.
/// </summary>
/// <param name="MaxBytes">Bytes read out of one file at most (<c>Knowledge:MaxFileBytes</c>).</param>
/// <param name="MaxLineBytes">Bytes of one JSONL line at most (<c>Knowledge:MaxLineBytes</c>).</param>
public sealed record ReadLimits(long MaxBytes, int MaxLineBytes)
{
    /// <summary>The defaults of <c>Knowledge</c> options.</summary>
    public static ReadLimits Default { get; } = new(256L * 1024 * 1024, 4 * 1024 * 1024);
}
