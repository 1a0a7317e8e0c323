using Telegram.Bot.Extensions;

namespace Bot.Telegram.Commands;

/// <summary><c>/forget file</c> (admins): removes a knowledge file added by chat.</summary>
public sealed class ForgetCommand(KnowledgeUpload upload) : IBotCommand
{
    /// <summary>The command.</summary>
    public static BotCommandSpec Spec { get; } = new("forget", CommandAudience.Admins, typeof(ForgetCommand), new Dictionary<string, string>
    {
        ["zh"] = "删除一个知识文件（管理员）",
        ["en"] = "Remove a knowledge file (admins)",
    });

    /// <inheritdoc />
    public async Task HandleAsync(CommandContext context) =>
        await context.ReplyAsync(HtmlText.Escape(await upload.ForgetAsync(context.Request.Argument, context.Language, context.CancellationToken))!);
}
