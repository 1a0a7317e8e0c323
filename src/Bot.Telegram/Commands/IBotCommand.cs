namespace Bot.Telegram.Commands;

/// <summary>Carries out one command of <see cref="BotCommands"/>; its <c>static Spec</c> names it there.</summary>
public interface IBotCommand
{
    /// <summary>Carries out the command asked in <paramref name="context"/> (access has been checked).</summary>
    Task HandleAsync(CommandContext context);
}
