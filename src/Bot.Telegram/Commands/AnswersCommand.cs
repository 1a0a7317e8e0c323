using System.Globalization;
using Bot.Core.Answering;
using Bot.Core.Inbox;
using Bot.Telegram.Inbox;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary>
/// <c>/curated</c> (admins; <c>/answers</c>, its older name, too): the curated answers, served or expired, numbered (the
/// number <c>/uncurate N</c> takes), each with a delete button.
/// </summary>
public sealed class AnswersCommand(CuratedAnswers curated, TextCatalog texts, TimeProvider time) : IBotCommand
{
    // Answers listed (the newest); each has a button, and a keyboard has room for about this many.
    private const int Listed = 20;
    private const int TextShown = 60;

    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("curated", CommandAudience.Admins, typeof(AnswersCommand), new Dictionary<string, string>
    {
        ["zh"] = "编辑答复列表（管理员）",
        ["en"] = "The editor's answers (admins)",
    }) { Aliases = ["answers"] };

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var all = await curated.ListAsync(context.CancellationToken);
        if (all is null || all.Count == 0)
        {
            await context.ReplyAsync(HtmlText.Escape(texts.Get(language, all is null ? "inbox.unavailable" : "inbox.answersEmpty")));
            return;
        }
        var now = time.GetUtcNow();
        var listed = all.OrderByDescending(a => a.Id).Take(Listed).ToList();
        var lines = listed.Select(a => texts.Get(language, "inbox.answersItem", a.Id, Citation.Shorten(a.Question, TextShown), Citation.Shorten(a.Text, TextShown),
            a.Expires.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), a.ServedAt(now) ? "" : texts.Get(language, "inbox.expired")));
        var html = ReplyFormatter.Pack([HtmlText.Escape(string.Join("\n", lines))!])[0];
        await context.Sender.ReplyAsync(context.Bot, context.Message, html, context.CancellationToken,
            InboxButtons.ForCurated(listed.Select(a => (a.Id, texts.Get(language, "inbox.deleteButton", a.Id)))));
    }
}
