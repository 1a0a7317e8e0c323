using Bot.Core.Hosting;
using Microsoft.Extensions.Hosting;
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
    IOptions<TelegramOptions> options,
    ILogger<WebhookService> logger,
    TimeProvider time) : BackgroundService
{
    private readonly CancellationTokenSource _abort = new();

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        handler.Aborted = _abort.Token;
        var o = options.Value;
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (!identity.IsKnown)
                {
                    identity.Set(await bot.GetMe(stoppingToken));
                    await menu.RegisterAsync(bot, stoppingToken);
                }
                await bot.SetWebhook(o.WebhookUrl!, allowedUpdates: PollingService.AllowedUpdates, secretToken: o.WebhookSecret, cancellationToken: stoppingToken);
                logger.LogInformation("Webhook set for @{Username} at {Path}", identity.Me.Username, new Uri(o.WebhookUrl!).AbsolutePath);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                logger.LogError("Setting the webhook failed ({Error}); retrying in {Seconds} s",
                    SecretRedactor.Redact(SecretRedactor.Redact(e.Message, o.BotToken), o.WebhookSecret ?? ""), backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, time, stoppingToken);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                backoff = TimeSpan.FromSeconds(Math.Min(60, backoff.TotalSeconds * 2));
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        intake.Close();
        await base.StopAsync(cancellationToken);
        try
        {
            await dispatcher.DrainAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout reached; abandoning answers in flight");
            await _abort.CancelAsync();
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _abort.Dispose();
        base.Dispose();
    }
}
