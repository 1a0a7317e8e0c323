using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.State;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/stats</c> (admins): questions answered and declined, the median latency, the conversations held.</summary>
public sealed class StatsCommand(IAnswerLog log, Conversations conversations, TextCatalog texts) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("stats", CommandAudience.Admins, typeof(StatsCommand), new Dictionary<string, string>
    {
        ["zh"] = "回答统计（管理员）",
        ["en"] = "Answer statistics (admins)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var s = await log.ReadStatsAsync(context.CancellationToken);
        await context.ReplyAsync(HtmlText.Escape(texts.Get(context.Language, "stats", s.Answered, s.Declined,
            s.MedianMs.ToString("F0", CultureInfo.InvariantCulture), await conversations.CountAsync(context.CancellationToken))));
    }
}
