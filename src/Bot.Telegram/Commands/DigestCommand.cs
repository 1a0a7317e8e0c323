using Bot.Core.Newsroom;
using Bot.Telegram.Newsroom;
using Microsoft.Extensions.Logging;

namespace Bot.Telegram.Commands;

/// <summary><c>/digest 08:00</c>: a digest of the articles added, every day at that time; <c>/digest off</c> (in groups, admins only).</summary>
public sealed class DigestCommand(INewsroomStore store, DigestService digests, ILogger<DigestCommand> logger) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("digest", CommandAudience.Everyone, typeof(DigestCommand), new Dictionary<string, string>
    {
        ["zh"] = "每日新文章摘要：/digest 08:00 或 off",
        ["en"] = "Daily digest of new articles: /digest 08:00 or off",
    });

    /// <inheritdoc />
    public Task HandleAsync(CommandContext context) => NewsroomCommand.RunAsync(context, logger, async () =>
    {
        var language = context.Language;
        var chat = context.Message.Chat.Id;
        var argument = context.Request.Argument.Trim();
        if (!NewsroomCommand.MayChange(context))
        {
            await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "groupAdminsOnly"));
            return;
        }
        if (argument.Equals("off", StringComparison.OrdinalIgnoreCase))
        {
            await store.SetDigestAsync(chat, null, context.CancellationToken);
            digests.Changed();
            await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "digestOff"));
            return;
        }
        if (DigestTimes.Parse(argument) is not { } at)
        {
            await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "digestUsage"));
            return;
        }
        await store.SetDigestAsync(chat, digests.Schedule(chat, at), context.CancellationToken);
        digests.Changed();
        await NewsroomCommand.ReplyAsync(context, NewsroomTexts.Get(language, "digestSet", at.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture), digests.Zone.Id));
    });
}
