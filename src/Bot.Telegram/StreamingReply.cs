using Bot.Core.Answering;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Shows an answer while it is written. The answerer reports text to <see cref="Progress"/> without waiting; this
/// reply's own loop sends the first text as a reply, then edits that message with the newest text at most about once a
/// second (Telegram limits edits), so that its I/O and 429 waits never run inside the answerer's timeout. The final
/// answer replaces it.
/// </summary>
internal sealed class StreamingReply
{
    private static readonly TimeSpan MinEditInterval = TimeSpan.FromSeconds(1);
    private const int MaxPartialLength = 3500;
    private readonly ITelegramBotClient _bot;
    private readonly Message _question;
    private readonly TelegramSender _sender;
    private readonly TimeProvider _time;
    private readonly CancellationToken _cancellationToken;
    private readonly LatestText _latest = new();
    private readonly CancellationTokenSource _finished = new();
    private readonly Task _shown;
    private int? _messageId;
    private string _lastHtml = "";

    public StreamingReply(ITelegramBotClient bot, Message question, TelegramSender sender, TimeProvider time, CancellationToken cancellationToken)
    {
        (_bot, _question, _sender, _time, _cancellationToken) = (bot, question, sender, time, cancellationToken);
        _shown = Task.Run(ShowAsync, CancellationToken.None);
    }

    /// <summary>Where the answerer reports the text so far.</summary>
    public IProgress<string> Progress => _latest;

    private async Task ShowAsync()
    {
        try
        {
            await foreach (var text in _latest.ReadAllAsync(_cancellationToken))
            {
                var partial = HtmlText.Escape(text.Length > MaxPartialLength ? text[..MaxPartialLength] : text) + " …";
                if (_messageId is null)
                    _messageId = (await SendAsync(partial))?.MessageId;
                else
                    await EditAsync(_messageId.Value, partial);
                using var pause = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken, _finished.Token);
                await Task.Delay(MinEditInterval, _time, pause.Token);
            }
        }
        catch (OperationCanceledException) when (_cancellationToken.IsCancellationRequested || _finished.IsCancellationRequested)
        {
            // Finished (the final answer follows at once, not after the pause) or abandoned.
        }
    }

    /// <summary>Stops showing partial text, then shows the final <paramref name="parts"/>; returns the last message's id, if it was sent.</summary>
    public async Task<int?> CompleteAsync(IReadOnlyList<string> parts)
    {
        _latest.Complete();
        await _finished.CancelAsync();
        await _shown;
        _finished.Dispose();
        int? last = null;
        for (var i = 0; i < parts.Count; i++)
        {
            if (i == 0 && _messageId is { } id)
            {
                await EditAsync(id, parts[0]);
                last = id;
            }
            else
                last = (await SendAsync(parts[i]))?.MessageId;
        }
        return last;
    }

    private Task<Message?> SendAsync(string html) => _sender.ReplyAsync(_bot, _question, html, _cancellationToken);

    private async Task EditAsync(int messageId, string html)
    {
        if (html == _lastHtml)
            return;
        _lastHtml = html;
        await _sender.SendAsync("editMessageText", _question.Chat.Id, ct => _bot.EditMessageText(_question.Chat.Id, messageId, html,
            parseMode: ParseMode.Html,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            cancellationToken: ct), _cancellationToken);
    }
}
