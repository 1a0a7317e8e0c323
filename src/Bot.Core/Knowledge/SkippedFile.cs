namespace Bot.Core.Knowledge;

/// <summary>A knowledge file that was not loaded, and why.</summary>
public sealed record SkippedFile(string Path, string Reason);
