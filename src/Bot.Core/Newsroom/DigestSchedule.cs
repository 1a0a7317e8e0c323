namespace Bot.Core.Newsroom;

/// <summary>A chat's daily digest.</summary>
/// <param name="Chat">The chat.</param>
/// <param name="At">The time of day, in <c>Answering:TimeZone</c>.</param>
/// <param name="NextDue">When the next digest is due.</param>
/// <param name="Since">The articles added from this moment on go into the next digest.</param>
public sealed record DigestSchedule(long Chat, TimeOnly At, DateTimeOffset NextDue, DateTimeOffset Since);
