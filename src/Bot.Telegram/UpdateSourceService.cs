using Bot.Core.Common;
using Bot.Core.Hosting;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Telegram.Bot;

namespace Bot.Telegram;

/// <summary>
/// What the ways updates arrive (polling, a webhook) share: learning who the bot is and registering its menus, a step
/// tried again with a growing pause until it succeeds, and stopping: updates stop arriving first, then the answers in
/// flight are finished, or abandoned when the host's shutdown time runs out.
/// </summary>
public abstract class UpdateSourceService(
    ITelegramBotClient bot,
    UpdateHandler handler,
    ChatDispatcher dispatcher,
    BotIdentity identity,
    BotMenu menu,
    AnswerCancellation answers,
    IReadOnlyList<string> secrets,
    ILogger logger,
    TimeProvider time) : BackgroundService
{
    /// <summary>The Bot API client.</summary>
    protected ITelegramBotClient Bot { get; } = bot;

    /// <summary>Who the bot is, once <see cref="EnsureIdentityAsync"/> has run.</summary>
    protected BotIdentity Identity { get; } = identity;

    /// <summary>The handler updates go to.</summary>
    protected UpdateHandler Handler { get; } = handler;

    /// <summary>The clock of every pause.</summary>
    protected TimeProvider Time { get; } = time;

    /// <summary>Runs the source; the handler's answers are cancelled (<see cref="AnswerCancellation"/>) only when stopping runs out of time.</summary>
    protected sealed override Task ExecuteAsync(CancellationToken stoppingToken) => RunAsync(stoppingToken);

    /// <summary>The source's work, until <paramref name="stoppingToken"/> is cancelled.</summary>
    protected abstract Task RunAsync(CancellationToken stoppingToken);

    /// <summary>Stops updates from arriving (before the answers in flight are drained).</summary>
    protected virtual void StopTakingUpdates()
    {
    }

    /// <summary>Learns the bot's identity and registers its menus, once.</summary>
    protected async Task EnsureIdentityAsync(CancellationToken cancellationToken)
    {
        if (Identity.IsKnown)
            return;
        Identity.Set(await Bot.GetMe(cancellationToken));
        await menu.RegisterAsync(Bot, cancellationToken);
    }

    /// <summary>
    /// Runs <paramref name="step"/> until it returns, pausing 1 s, 2 s, 4 s … up to a minute after each failure, which is
    /// logged (secrets redacted). Returns when the step has returned or stopping began.
    /// </summary>
    protected async Task WithBackoffAsync(string what, Func<CancellationToken, Task> step, CancellationToken stoppingToken)
    {
        var backoff = TimeSpan.FromSeconds(1);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await step(stoppingToken);
                return;
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                var error = LogText.Safe(secrets.Where(s => s.Length > 0).Aggregate(e.Message, SecretRedactor.Redact));
                logger.LogError("{What} failed ({Error}); retrying in {Seconds} s", what, error, backoff.TotalSeconds);
                try
                {
                    await Task.Delay(backoff, Time, stoppingToken);
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
        StopTakingUpdates();
        await base.StopAsync(cancellationToken);
        try
        {
            await dispatcher.DrainAsync(cancellationToken);
            logger.LogInformation("Answers in flight finished; stopped");
        }
        catch (OperationCanceledException)
        {
            logger.LogWarning("Shutdown timeout reached; abandoning answers in flight");
            await answers.AbandonAsync();
        }
    }
}
