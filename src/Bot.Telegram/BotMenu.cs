using Bot.Core.Answering;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// The command menu Telegram shows (<c>setMyCommands</c>), in the languages the bot speaks: Chinese by default, English
/// for users whose app is in English. Admins see their commands in their private chat with the bot.
/// </summary>
public sealed class BotMenu(TelegramSender sender, TextCatalog texts, IOptions<TelegramOptions> options, ILogger<BotMenu> logger)
{
    /// <summary>Registers the menus; a failure is logged and the bot runs on without a menu.</summary>
    public async Task RegisterAsync(ITelegramBotClient bot, CancellationToken cancellationToken)
    {
        // The default language's menu for everyone whose app has no menu of its own, then one per language.
        foreach (var language in texts.Languages.OrderBy(l => l != TextCatalog.DefaultLanguage))
        {
            var code = language == TextCatalog.DefaultLanguage ? null : language;
            await SetAsync(bot, Menu(BotCommands.MenuSpecs(CommandAudience.Everyone), language), new BotCommandScopeDefault(), code, cancellationToken);
            // A user's private chat with the bot has the user's id.
            foreach (var admin in options.Value.AdminUserIds)
                await SetAsync(bot, Menu(BotCommands.MenuSpecs(CommandAudience.Admins), language), new BotCommandScopeChat { ChatId = admin }, code, cancellationToken);
        }
        logger.LogInformation("Command menu registered ({Languages}; {Admins} admin chats)", string.Join(", ", texts.Languages), options.Value.AdminUserIds.Length);
    }

    private static BotCommand[] Menu(IEnumerable<BotCommandSpec> commands, string language) =>
        commands.Select(c => new BotCommand { Command = c.Name, Description = c.Describe(language) }).ToArray();

    private Task<bool> SetAsync(ITelegramBotClient bot, BotCommand[] commands, BotCommandScope scope, string? language, CancellationToken cancellationToken) =>
        sender.SendAsync("setMyCommands", 0, async ct =>
        {
            await bot.SetMyCommands(commands, scope, language, cancellationToken: ct);
            return true;
        }, cancellationToken);
}
