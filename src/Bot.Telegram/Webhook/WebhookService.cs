using Bot.Core.Common;
using Bot.Core.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;

namespace Bot.Telegram.Webhook;

/// <summary>
/// Webhook mode: learns who the bot is, registers its menus, and calls <c>setWebhook</c> with the URL, secret and
/// update kinds (idempotent: every replica does it at start, and none deletes the webhook on shutdown, so that a rolling
/// deploy never leaves Telegram without one). Until Telegram has answered, each step is tried again with a backoff.
/// Stopping closes the intake (503) and finishes the answers in flight, or abandons them when the shutdown time runs out.
/// </summary>
public sealed class WebhookService(
    ITelegramBotClient bot,
    UpdateHandler handler,
    ChatDispatcher dispatcher,
    WebhookIntake intake,
    BotIdentity identity,
    BotMenu menu,
    AnswerCancellation answers,
    IOptions<TelegramOptions> options,
    ILogger<WebhookService> logger,
    TimeProvider time)
    : UpdateSourceService(bot, handler, dispatcher, identity, menu, answers, [options.Value.BotToken, options.Value.WebhookSecret ?? ""], logger, time)
{
    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken stoppingToken) =>
        WithBackoffAsync("Setting the webhook", async ct =>
        {
            var o = options.Value;
            await EnsureIdentityAsync(ct);
            await Bot.SetWebhook(o.WebhookUrl!, allowedUpdates: PollingService.AllowedUpdates, secretToken: o.WebhookSecret, cancellationToken: ct);
            logger.LogInformation("Webhook set for @{Username} at {Path}", LogText.Safe(Identity.Me.Username), new Uri(o.WebhookUrl!).AbsolutePath);
        }, stoppingToken);

    /// <inheritdoc />
    protected override void StopTakingUpdates() => intake.Close();
}
