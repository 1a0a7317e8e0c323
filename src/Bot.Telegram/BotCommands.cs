namespace Bot.Telegram;

/// <summary>Who may use a command, and so whose menu lists it.</summary>
public enum CommandAudience
{
    /// <summary>Everyone in any chat.</summary>
    Everyone,

    /// <summary>The users in <c>Telegram:AdminUserIds</c>; the menu lists these in an admin's private chat with the bot.</summary>
    Admins,
}

/// <summary>A command the bot takes: its word (without the slash), who may use it, and whether the menu lists it (its description is <c>menu.&lt;name&gt;</c> in the texts).</summary>
public sealed record BotCommandSpec(string Name, CommandAudience Audience, bool InMenu = true);

/// <summary>
/// The one list of the bot's commands. The parser (<see cref="BotRequest"/>), the menus (<see cref="BotMenu"/>) and the
/// dispatch (<see cref="UpdateHandler"/>) all read it, so they cannot disagree: a command added here is taken in groups
/// without the bot's name, listed for its audience, and must have a handler (a test walks every one).
/// </summary>
public static class BotCommands
{
    /// <summary>Every command, in menu order.</summary>
    public static IReadOnlyList<BotCommandSpec> All { get; } =
    [
        new("ask", CommandAudience.Everyone),
        new("help", CommandAudience.Everyone),
        new("sources", CommandAudience.Everyone),
        new("reset", CommandAudience.Everyone),
        // Telegram sends /start when a user opens the bot; it needs no place in the menu.
        new("start", CommandAudience.Everyone, InMenu: false),
        new("stats", CommandAudience.Admins),
        new("feedback", CommandAudience.Admins),
        new("reload", CommandAudience.Admins),
        new("forget", CommandAudience.Admins),
    ];

    /// <summary>The command words.</summary>
    public static IReadOnlySet<string> Names { get; } = All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>The command named <paramref name="name"/>, or null.</summary>
    public static BotCommandSpec? Find(string? name) => All.FirstOrDefault(c => c.Name == name);

    /// <summary>The commands a menu for <paramref name="audience"/> lists (admins see everyone's as well).</summary>
    public static IEnumerable<string> Menu(CommandAudience audience) =>
        All.Where(c => c.InMenu && (c.Audience == CommandAudience.Everyone || audience == CommandAudience.Admins)).Select(c => c.Name);
}
