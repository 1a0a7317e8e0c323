using Bot.Core.Answering;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/reset</c>: forgets the asker's conversation.</summary>
public sealed class ResetCommand(Conversations conversations, TextCatalog texts) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("reset", CommandAudience.Everyone, typeof(ResetCommand), new Dictionary<string, string>
    {
        ["zh"] = "重新开始对话",
        ["en"] = "Start the conversation over",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context)
    {
        await conversations.ResetAsync(AskCommand.ConversationKey(context.Message), context.CancellationToken);
        await context.ReplyAsync(HtmlText.Escape(texts.Get(context.Language, "reset")));
    }
}
