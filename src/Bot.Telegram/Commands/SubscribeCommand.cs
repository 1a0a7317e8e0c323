using Bot.Core.Newsroom;
using Bot.Telegram.Newsroom;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Telegram.Commands;

/// <summary><c>/subscribe 华为</c>: new articles with every one of these words are pushed to the chat (in groups, admins only).</summary>
public sealed class SubscribeCommand(INewsroomStore store, IOptions<SubscriptionOptions> options, ILogger<SubscribeCommand> logger) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("subscribe", CommandAudience.Everyone, typeof(SubscribeCommand), new Dictionary<string, string>
    {
        ["zh"] = "订阅关键词，有新文章时推送",
        ["en"] = "Follow words: new articles with them are pushed",
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
            await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "subscribeUsage"));
            return;
        }
        if (SubscriptionMatcher.Terms(words).Count == 0)
        {
            await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "subscribeNothing", words));
            return;
        }
        var max = options.Value.MaxPerChat;
        var result = await store.SubscribeAsync(context.Message.Chat.Id, words, max, context.CancellationToken);
        await NewsroomCommand.ReplyAsync(context, result switch
        {
            SubscribeResult.Added => NewsroomTexts.Get(language, "subscribed", words),
            SubscribeResult.AlreadyThere => NewsroomTexts.Get(language, "alreadySubscribed", words),
            _ => NewsroomTexts.Get(language, "tooMany", max),
        });
    });
}
