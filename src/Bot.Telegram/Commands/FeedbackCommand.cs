using System.Text;
using Bot.Core.Answering;
using Bot.Core.State;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/feedback</c> (admins): the ratings so far, and the questions most often declined and rated 👎.</summary>
public sealed class FeedbackCommand(IAnswerLog log, TextCatalog texts) : IBotCommand
{
    // Questions listed under each heading.
    private const int Top = 5;

    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("feedback", CommandAudience.Admins, typeof(FeedbackCommand), new Dictionary<string, string>
    {
        ["zh"] = "用户评价（管理员）",
        ["en"] = "Users' ratings (admins)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var s = await log.SummarizeAsync(Top, context.CancellationToken);
        var sb = new StringBuilder(texts.Get(language, "feedback", s.Answers, s.Declined, s.Up, s.Down));
        void AppendRanked(string heading, IReadOnlyList<(string Question, int Count)> ranked)
        {
            if (ranked.Count > 0)
                sb.Append('\n').Append(texts.Get(language, heading)).Append(string.Concat(ranked.Select(q => $"\n{q.Count} × {q.Question}")));
        }
        AppendRanked("feedbackDeclined", s.MostDeclined);
        AppendRanked("feedbackDisliked", s.MostDisliked);
        await context.ReplyAsync(ReplyFormatter.Pack([HtmlText.Escape(sb.ToString())!])[0]);
    }
}
