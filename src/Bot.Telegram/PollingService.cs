using System.Text.Json;
using Bot.Core.Common;
using Bot.Core.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Polling;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Long-polls the Bot API. A failed poll backs off and the receive loop is made again; on shutdown polling stops
/// first, then the answers in flight are finished (or abandoned when the host's shutdown timeout runs out).
/// </summary>
public sealed class PollingService(
    ITelegramBotClient bot,
    UpdateHandler handler,
    ChatDispatcher dispatcher,
    BotIdentity identity,
    BotMenu menu,
    PoisonUpdates poison,
    AnswerCancellation answers,
    IOptions<TelegramOptions> options,
    ILogger<PollingService> logger,
    TimeProvider time) : UpdateSourceService(bot, handler, dispatcher, identity, menu, answers, [options.Value.BotToken], logger, time)
{
    /// <inheritdoc />
    protected override Task RunAsync(CancellationToken stoppingToken) =>
        // The receive loop runs until stopping; a failed poll backs off and the loop is made again.
        WithBackoffAsync("Polling", async ct =>
        {
            await EnsureIdentityAsync(ct);
            logger.LogInformation("Polling as @{Username}", LogText.Safe(Identity.Me.Username));
            await Bot.ReceiveAsync(new BackingOffHandler(Handler, poison, Time), new ReceiverOptions { AllowedUpdates = AllowedUpdates }, ct);
        }, stoppingToken);

    // ReceiveAsync polls again straight after an error: the pause belongs in the error handler. These two backoffs stay
    // hand-written: a Polly retry's attempt count never resets after a healthy stretch (a failure after a day of polling
    // would wait the longest delay), and the receiver reports poll errors through this callback, not as exceptions.
    internal static readonly UpdateType[] AllowedUpdates = [UpdateType.Message, UpdateType.EditedMessage, UpdateType.CallbackQuery, UpdateType.InlineQuery];

    private sealed class BackingOffHandler(UpdateHandler inner, PoisonUpdates poison, TimeProvider time) : IUpdateHandler
    {
        private int _errors;

        public Task HandleUpdateAsync(ITelegramBotClient bot, global::Telegram.Bot.Types.Update update, CancellationToken cancellationToken)
        {
            _errors = 0;
            return inner.HandleUpdateAsync(bot, update, cancellationToken);
        }

        public async Task HandleErrorAsync(ITelegramBotClient bot, Exception exception, HandleErrorSource source, CancellationToken cancellationToken)
        {
            // The server holds a poll as long as the HTTP timeout allows, so an idle poll may end by timing out on our
            // side: nothing is lost (the offset was not advanced) and the next poll starts at once.
            if (source == HandleErrorSource.PollingError && exception is RequestException { InnerException: TaskCanceledException or TimeoutException }
                && !cancellationToken.IsCancellationRequested)
            {
                return;
            }
            // One update the library cannot read fails every poll at its offset: the batch is read one by one instead.
            if (source == HandleErrorSource.PollingError && PoisonUpdates.IsUnreadableBatch(exception)
                && await poison.SkipAsync(bot, inner, [.. AllowedUpdates.Select(u => JsonNamingPolicy.SnakeCaseLower.ConvertName(u.ToString()))], cancellationToken))
            {
                return;
            }
            await inner.HandleErrorAsync(bot, exception, source, cancellationToken);
            var pause = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(_errors++, 5))));
            await Task.Delay(pause, time, cancellationToken);
        }
    }
}
