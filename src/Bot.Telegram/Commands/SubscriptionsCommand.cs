using Bot.Core.Newsroom;
using Bot.Telegram.Newsroom;
using Microsoft.Extensions.Logging;

namespace Bot.Telegram.Commands;

/// <summary><c>/subscriptions</c>: the chat's subscriptions.</summary>
public sealed class SubscriptionsCommand(INewsroomStore store, ILogger<SubscriptionsCommand> logger) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("subscriptions", CommandAudience.Everyone, typeof(SubscriptionsCommand), new Dictionary<string, string>
    {
        ["zh"] = "查看这里的订阅",
        ["en"] = "This chat's subscriptions",
    });

    /// <inheritdoc />
    public Task HandleAsync(CommandContext context) => NewsroomCommand.RunAsync(context, logger, async () =>
    {
        var language = context.Language;
        var words = await store.SubscriptionsAsync(context.Message.Chat.Id, context.CancellationToken);
        await NewsroomCommand.ReplyAsync(context, words.Count == 0
            ? NewsroomTexts.Get(language, "noSubscriptions")
            : NewsroomTexts.Get(language, "subscriptions") + string.Concat(words.Select(w => "\n• " + w)));
    });
}
