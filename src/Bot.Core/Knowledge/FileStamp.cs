namespace Bot.Core.Knowledge;

/// <summary>
/// A knowledge file as the disk describes it without reading it: the real path, size and last write time. A file whose
/// stamp is what it was at the previous load is not read again.
/// </summary>
public sealed record FileStamp(string File, long Length, long WriteTicks);
