namespace Bot.Telegram.Commands;

/// <summary>The handler of each command of <see cref="BotCommands"/>, as registered from that list.</summary>
public sealed class CommandDispatch
{
    private readonly Dictionary<string, IBotCommand> _handlers;

    /// <summary>Maps each command to its handler; a command without one stops the start.</summary>
    public CommandDispatch(IEnumerable<IBotCommand> handlers)
    {
        var byType = handlers.ToDictionary(h => h.GetType());
        _handlers = BotCommands.All.ToDictionary(c => c.Name, c => byType.TryGetValue(c.Handler, out var handler) ? handler
            : throw new InvalidOperationException($"Command /{c.Name} has no registered handler ({c.Handler.Name})."));
    }

    /// <summary>The handler of <paramref name="command"/>.</summary>
    public IBotCommand HandlerOf(BotCommandSpec command) => _handlers[command.Name];
}
