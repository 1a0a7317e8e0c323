using Bot.Core.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Calls the Bot API with Telegram's rules for failures: 429 waits <c>retry_after</c> and tries again, 5xx and network
/// errors back off, 403 (the user blocked the bot, or it left the group) is skipped quietly.
/// </summary>
public sealed class TelegramSender(IOptions<TelegramOptions> options, ILogger<TelegramSender> logger, TimeProvider time)
{
    private const int MaxAttempts = 4;
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);

    /// <summary>Runs <paramref name="call"/>; returns its result, or default when it was skipped or finally failed.</summary>
    public async Task<T?> SendAsync<T>(string what, long chatId, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken)
    {
        var backoff = TimeSpan.FromMilliseconds(500);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await call(cancellationToken).ConfigureAwait(false);
            }
            catch (ApiRequestException e) when (e.ErrorCode == 403)
            {
                logger.LogDebug("Chat {ChatId} does not accept messages ({What}); skipped", chatId, what);
                return default;
            }
            catch (ApiRequestException e) when (e.ErrorCode == 429 && attempt < MaxAttempts)
            {
                var wait = TimeSpan.FromSeconds(Math.Max(1, e.Parameters?.RetryAfter ?? 1));
                if (wait > MaxRetryAfter)
                    wait = MaxRetryAfter;
                logger.LogWarning("Telegram rate limit on {What} for chat {ChatId}; retrying in {Seconds} s", what, chatId, wait.TotalSeconds);
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (IsTransient(e) && attempt < MaxAttempts && !cancellationToken.IsCancellationRequested)
            {
                logger.LogWarning("Telegram {What} for chat {ChatId} failed ({Error}); retrying in {Ms} ms", what, chatId, Describe(e), backoff.TotalMilliseconds);
                await Task.Delay(backoff, time, cancellationToken).ConfigureAwait(false);
                backoff *= 2;
            }
            catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException)
            {
                logger.LogWarning("Telegram {What} for chat {ChatId} failed: {Error}", what, chatId, Describe(e));
                return default;
            }
        }
    }

    /// <summary>Sends <paramref name="html"/> as a reply to <paramref name="to"/>, with link previews off.</summary>
    public Task<Message?> ReplyAsync(ITelegramBotClient bot, Message to, string html, CancellationToken cancellationToken) =>
        SendAsync("sendMessage", to.Chat.Id, ct => bot.SendMessage(
            to.Chat.Id,
            html,
            parseMode: ParseMode.Html,
            replyParameters: to.MessageId,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            cancellationToken: ct), cancellationToken);

    private static bool IsTransient(Exception e) => e switch
    {
        ApiRequestException api => api.ErrorCode >= 500,
        RequestException or HttpRequestException => true,
        TaskCanceledException => true,
        _ => false,
    };

    private string Describe(Exception e) => SecretRedactor.Redact($"{e.GetType().Name}: {e.Message}", options.Value.BotToken);
}
