using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// The command menu Telegram shows (<c>setMyCommands</c>), in the languages the bot speaks: Chinese by default, English
/// for users whose app is in English. Admins see their commands in their private chat with the bot.
/// </summary>
public sealed class BotMenu(TelegramSender sender, IOptions<TelegramOptions> options, ILogger<BotMenu> logger)
{
    private static readonly (string Command, string Chinese, string English)[] Everyone =
    [
        ("ask", "提问（群里用：/ask 问题）", "Ask a question (in groups: /ask question)"),
        ("help", "能问什么、怎么问", "What I know and how to ask"),
        ("sources", "已读入的文章", "The articles I have read"),
        ("reset", "重新开始对话", "Start the conversation over"),
    ];

    private static readonly (string Command, string Chinese, string English)[] Admins =
    [
        ("stats", "回答统计（管理员）", "Answer statistics (admins)"),
        ("reload", "重新载入知识库（管理员）", "Reload the knowledge (admins)"),
    ];

    /// <summary>Registers the menus; a failure is logged and the bot runs on without a menu.</summary>
    public async Task RegisterAsync(ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        foreach (var (language, english) in new[] { ((string?)null, false), ("en", true) })
        {
            await SetAsync(bot, Menu(Everyone, english), new BotCommandScopeDefault(), language, cancellationToken);
            // A user's private chat with the bot has the user's id.
            foreach (var admin in options.Value.AdminUserIds)
                await SetAsync(bot, Menu([.. Everyone, .. Admins], english), new BotCommandScopeChat { ChatId = admin }, language, cancellationToken);
        }
        logger.LogInformation("Command menu registered (zh, en; {Admins} admin chats)", options.Value.AdminUserIds.Length);
    }

    private static BotCommand[] Menu(IEnumerable<(string Command, string Chinese, string English)> items, bool english) =>
        items.Select(i => new BotCommand { Command = i.Command, Description = english ? i.English : i.Chinese }).ToArray();

    private Task<bool> SetAsync(ITelegramBotClient bot, BotCommand[] commands, BotCommandScope scope, string? language, CancellationToken cancellationToken) =>
        sender.SendAsync("setMyCommands", 0, async ct =>
        {
            await bot.SetMyCommands(commands, scope, language, cancellationToken: ct);
            return true;
        }, cancellationToken);
}
