using Bot.Core.Newsroom;
using Bot.Telegram.Newsroom;
using Microsoft.Extensions.Logging;

namespace Bot.Telegram.Commands;

/// <summary><c>/unsubscribe 华为</c>: removes one of the chat's subscriptions (in groups, admins only).</summary>
public sealed class UnsubscribeCommand(INewsroomStore store, ILogger<UnsubscribeCommand> logger) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("unsubscribe", CommandAudience.Everyone, typeof(UnsubscribeCommand), new Dictionary<string, string>
    {
        ["zh"] = "取消一个订阅",
        ["en"] = "Stop following words",
    });

    /// <inheritdoc />
    public Task HandleAsync(CommandContext context) => NewsroomCommand.RunAsync(context, logger, async () =>
    {
        var language = context.Language;
        if (!NewsroomCommand.MayChange(context))
        {
            await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "groupAdminsOnly"));
            return;
        }
        if (SubscriptionMatcher.Normalize(context.Request.Argument) is not { } words)
        {
            await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "unsubscribeUsage"));
            return;
        }
        var removed = await store.UnsubscribeAsync(context.Message.Chat.Id, words, context.CancellationToken);
        await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, removed ? "unsubscribed" : "notSubscribed", words));
    });
}
