using Bot.Core.Answering;
using Bot.Core.Indexing;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/reload</c> (admins): reads the knowledge folder again and says what changed.</summary>
public sealed class ReloadCommand(IKnowledgeStore store, TextCatalog texts) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("reload", CommandAudience.Admins, typeof(ReloadCommand), new Dictionary<string, string>
    {
        ["zh"] = "重新载入知识库（管理员）",
        ["en"] = "Reload the knowledge (admins)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        var language = context.Language;
        var reloaded = await store.LoadAsync(context.CancellationToken);
        await context.ReplyAsync(HtmlText.Escape(texts.Get(language, "reloaded", reloaded.Articles.Count, reloaded.Changes) +
            (reloaded.Skipped.Count > 0 ? texts.Get(language, "reloadedSkipped", reloaded.Skipped.Count) : "")));
    }
}
