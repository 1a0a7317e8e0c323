using Bot.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using Polly.Retry;
using Polly.Timeout;
using Telegram.Bot;
using Telegram.Bot.Exceptions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Telegram.Bot.Types.ReplyMarkups;

namespace Bot.Telegram;

/// <summary>
/// Calls the Bot API with Telegram's rules for failures, through Polly: 429 waits <c>retry_after</c> (at most a minute)
/// and tries again, 5xx and network errors back off exponentially from half a second to 30 s, all within
/// <c>Telegram:SendRetrySeconds</c> in total; then the call is given up with an error naming the chat. 403 (the user
/// blocked the bot, or it left the group) is skipped quietly. A call that is not safe to repeat (sending a message) is
/// resent only when Telegram said it did not take it (429, 5xx) or no connection was made: a reply whose answer was
/// lost on the way (our timeout, a dropped connection) may have been delivered, so it is not sent twice. Messages wait
/// for their chat's turn under Telegram's limits (<see cref="SendPacer"/>); a 429 holds back only its own chat.
/// </summary>
public sealed class TelegramSender
{
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromSeconds(60);
    private readonly IOptions<TelegramOptions> _options;
    private readonly ILogger<TelegramSender> _logger;
    private readonly ResiliencePipeline _retry;
    private readonly IReadOnlyList<Bot.Core.State.IReplyObserver> _observers;
    private readonly TimeProvider _time;
    private readonly SendPacer _pacer;
    private readonly Dictionary<long, long> _refused = [];

    /// <summary>
    /// Creates the sender; <paramref name="time"/> drives the waits between attempts, and <paramref name="observers"/> are
    /// told of each reply Telegram took.
    /// </summary>
    public TelegramSender(IOptions<TelegramOptions> options, ILogger<TelegramSender> logger, TimeProvider time, IEnumerable<Bot.Core.State.IReplyObserver>? observers = null)
    {
        (_options, _logger, _observers, _time) = (options, logger, [.. observers ?? []], time);
        _pacer = new SendPacer(time, options.Value.MaxSendsPerSecond);
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddTimeout(TimeSpan.FromSeconds(options.Value.SendRetrySeconds))
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                Delay = TimeSpan.FromMilliseconds(500),
                MaxDelay = TimeSpan.FromSeconds(30),
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && !args.Context.CancellationToken.IsCancellationRequested
                    && (args.Context.Properties.GetValue(Resendable, true) ? IsTransient(e) : WasNotTaken(e))),
                DelayGenerator = args => ValueTask.FromResult(args.Outcome.Exception is ApiRequestException { ErrorCode: 429 } limited
                    ? TimeSpan.FromSeconds(Math.Clamp(limited.Parameters?.RetryAfter ?? 1, 1, MaxRetryAfter.TotalSeconds))
                    : (TimeSpan?)null),
                OnRetry = args =>
                {
                    var what = args.Context.Properties.GetValue(What, "call");
                    var chat = args.Context.Properties.GetValue(Chat, 0L);
                    if (args.Outcome.Exception is ApiRequestException { ErrorCode: 429 })
                        _pacer.Hold(chat, args.RetryDelay);
                    if (args.Outcome.Exception is ApiRequestException { ErrorCode: 429 })
                        _logger.LogWarning("Telegram rate limit on {What} for chat {ChatId}; retrying in {Seconds} s", what, chat, args.RetryDelay.TotalSeconds);
                    else
                        _logger.LogWarning("Telegram {What} for chat {ChatId} failed ({Error}); retrying in {Ms} ms", what, chat, Describe(args.Outcome.Exception!), args.RetryDelay.TotalMilliseconds);
                    return ValueTask.CompletedTask;
                },
            })
            .Build();
    }

    private static readonly ResiliencePropertyKey<string> What = new("telegram.method");
    private static readonly ResiliencePropertyKey<long> Chat = new("telegram.chat");
    private static readonly ResiliencePropertyKey<bool> Resendable = new("telegram.resendable");

    /// <summary>
    /// Runs <paramref name="call"/>; returns its result, or default when it was skipped or finally failed.
    /// <paramref name="resendable"/>: the call may be repeated after a lost answer (editing, chat actions, menus).
    /// </summary>
    public async Task<T?> SendAsync<T>(string what, long chatId, Func<CancellationToken, Task<T>> call, CancellationToken cancellationToken, bool resendable = true)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(What, what);
        context.Properties.Set(Chat, chatId);
        context.Properties.Set(Resendable, resendable);
        try
        {
            var paced = what == "sendMessage";
            return await _retry.ExecuteAsync(async ctx =>
            {
                if (paced)
                    await _pacer.WaitTurnAsync(chatId, ctx.CancellationToken).ConfigureAwait(false);
                return await call(ctx.CancellationToken).ConfigureAwait(false);
            }, context).ConfigureAwait(false);
        }
        catch (ApiRequestException e) when (e.ErrorCode == 403)
        {
            _logger.LogDebug("Chat {ChatId} does not accept messages ({What}); skipped", chatId, what);
            return default;
        }
        catch (TimeoutRejectedException)
        {
            _logger.LogError("Telegram {What} for chat {ChatId} given up after {Seconds} s of failures (Telegram:SendRetrySeconds)",
                what, chatId, _options.Value.SendRetrySeconds);
            return default;
        }
        catch (Exception e) when (e is ApiRequestException or RequestException or HttpRequestException
            || e is TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            _logger.LogError("Telegram {What} for chat {ChatId} failed: {Error}", what, chatId, Describe(e));
            return default;
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>
    /// Sends <paramref name="html"/> as a reply to <paramref name="to"/>, with link previews off, in its forum topic when it
    /// was sent in one, with <paramref name="replyMarkup"/> (buttons) when given.
    /// </summary>
    public async Task<Message?> ReplyAsync(ITelegramBotClient bot, Message to, string html, CancellationToken cancellationToken, ReplyMarkup? replyMarkup = null)
    {
        // Checked just before the send: a replica that lost the shard this work came from sends nothing.
        var question = new Bot.Core.State.MessageKey(to.Chat.Id, to.MessageId);
        foreach (var observer in _observers)
        {
            if (!await observer.MaySendAsync(question, cancellationToken))
                return null;
        }
        var sent = await SendAsync("sendMessage", to.Chat.Id, ct => bot.SendMessage(
            to.Chat.Id,
            html,
            parseMode: ParseMode.Html,
            replyParameters: to.MessageId,
            replyMarkup: replyMarkup,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            messageThreadId: ThreadOf(to),
            cancellationToken: ct), cancellationToken, resendable: false);
        if (sent is not null)
        {
            foreach (var observer in _observers)
                await observer.RepliedAsync(question, cancellationToken);
        }
        return sent;
    }

    /// <summary>The forum topic <paramref name="message"/> was sent in, or null (Telegram takes a thread id in forums only).</summary>
    public static int? ThreadOf(Message message) => message.IsTopicMessage ? message.MessageThreadId : null;

    /// <summary>
    /// Sends the refusal <paramref name="html"/> to <paramref name="to"/> unless <paramref name="userId"/> was refused within
    /// <paramref name="window"/>: a user who floods the bot is told once a window, not once a message. Returns at once;
    /// the refusal waits for its chat's turn on its own, so that it never holds what answers to other chats need.
    /// </summary>
    public Task RefuseOncePerWindow(ITelegramBotClient bot, Message to, long userId, string html, TimeSpan window, CancellationToken cancellationToken)
    {
        var now = _time.GetTimestamp();
        lock (_refused)
        {
            if (_refused.TryGetValue(userId, out var last) && _time.GetElapsedTime(last, now) < window)
                return Task.CompletedTask;
            if (_refused.Count > 10_000)
            {
                foreach (var old in _refused.Where(r => _time.GetElapsedTime(r.Value, now) >= window).Select(r => r.Key).ToList())
                    _refused.Remove(old);
            }
            _refused[userId] = now;
        }
        _ = Task.Run(() => ReplyAsync(bot, to, html, cancellationToken), CancellationToken.None);
        return Task.CompletedTask;
    }

    // Telegram said no (429, 5xx), or nothing reached it (no connection): the message was not taken.
    private static bool WasNotTaken(Exception e) => e switch
    {
        ApiRequestException api => api.ErrorCode is 429 or >= 500,
        RequestException { InnerException: HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } } => true,
        HttpRequestException { HttpRequestError: HttpRequestError.ConnectionError } => true,
        _ => false,
    };

    /// <summary>True for what is worth another try: 429, 5xx, network errors and timeouts.</summary>
    public static bool IsTransient(Exception e) => e switch
    {
        ApiRequestException api => api.ErrorCode is 429 or >= 500,
        RequestException or HttpRequestException => true,
        TaskCanceledException => true,
        _ => false,
    };

    private string Describe(Exception e) => LogText.Safe(SecretRedactor.Redact($"{e.GetType().Name}: {e.Message}", _options.Value.BotToken));
}
