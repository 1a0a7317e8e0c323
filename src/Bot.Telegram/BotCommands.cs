using Bot.Core.Answering;
using Bot.Telegram.Commands;

namespace Bot.Telegram;

/// <summary>Who may use a command, and so whose menu lists it.</summary>
public enum CommandAudience
{
    /// <summary>Everyone in any chat.</summary>
    Everyone,

    /// <summary>The users in <c>Telegram:AdminUserIds</c>; the menu lists these in an admin's private chat with the bot.</summary>
    Admins,
}

/// <summary>
/// A command the bot takes: its word (without the slash), who may use it, the class that handles it, its menu
/// description in each language of the texts, whether the menu lists it, and other words it is taken by.
/// </summary>
/// <param name="Name">The command's word, lower case, without the slash.</param>
/// <param name="Audience">Who may use it.</param>
/// <param name="Handler">The <see cref="IBotCommand"/> that carries it out.</param>
/// <param name="Descriptions">The menu's description by language (<see cref="TextCatalog.Languages"/>).</param>
/// <param name="InMenu">Whether the menu lists it.</param>
public sealed record BotCommandSpec(string Name, CommandAudience Audience, Type Handler, IReadOnlyDictionary<string, string> Descriptions, bool InMenu = true)
{
    /// <summary>The menu's description in <paramref name="language"/>, or in the default language.</summary>
    public string Describe(string language) =>
        Descriptions.TryGetValue(language, out var description) ? description : Descriptions[TextCatalog.DefaultLanguage];

    /// <summary>Older words taken as this command (parsed and dispatched as it, never listed in a menu).</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}

/// <summary>
/// The one list of the bot's commands, each a class under <c>Commands/</c>. The parser (<see cref="BotRequest"/>), the
/// menus (<see cref="BotMenu"/>) and the dispatch (<see cref="CommandDispatch"/>, registered from this list) all read it,
/// so they cannot disagree: a command added here is taken in groups without the bot's name, listed for its audience,
/// and handled by its class (a test walks every one).
/// </summary>
public static class BotCommands
{
    /// <summary>Every command, in menu order.</summary>
    public static IReadOnlyList<BotCommandSpec> All { get; } =
    [
        AskCommand.Spec,
        HelpCommand.Spec,
        SourcesCommand.Spec,
        LatestCommand.Spec,
        ResetCommand.Spec,
        StartCommand.Spec,
        StatsCommand.Spec,
        FeedbackCommand.Spec,
        ReloadCommand.Spec,
        ForgetCommand.Spec,
        SubscribeCommand.Spec,
        UnsubscribeCommand.Spec,
        SubscriptionsCommand.Spec,
        DigestCommand.Spec,
        InboxCommand.Spec,
        AnswerCommand.Spec,
        AnswersCommand.Spec,
        UncurateCommand.Spec,
    ];

    /// <summary>The command words.</summary>
    public static IReadOnlySet<string> Names { get; } = All.Select(c => c.Name).ToHashSet(StringComparer.Ordinal);

    /// <summary>Every word a command is taken by: the command words and their aliases.</summary>
    public static IReadOnlySet<string> Words { get; } = All.SelectMany(c => c.Aliases.Prepend(c.Name)).ToHashSet(StringComparer.Ordinal);

    /// <summary>The command named <paramref name="name"/> (or having it as an alias), or null.</summary>
    public static BotCommandSpec? Find(string? name) => All.FirstOrDefault(c => c.Name == name) ?? (name is null ? null : All.FirstOrDefault(c => c.Aliases.Contains(name)));

    /// <summary>The commands a menu for <paramref name="audience"/> lists (admins see everyone's as well).</summary>
    public static IEnumerable<string> Menu(CommandAudience audience) => MenuSpecs(audience).Select(c => c.Name);

    /// <summary>The commands, with their descriptions, a menu for <paramref name="audience"/> lists.</summary>
    public static IEnumerable<BotCommandSpec> MenuSpecs(CommandAudience audience) =>
        All.Where(c => c.InMenu && (c.Audience == CommandAudience.Everyone || audience == CommandAudience.Admins));
}
