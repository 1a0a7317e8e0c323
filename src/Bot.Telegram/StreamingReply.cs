using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;

namespace Bot.Telegram;

/// <summary>
/// Shows an answer while it is written: the first text is sent as a reply, later text edits that message at most
/// about once a second (Telegram limits edits), and the final answer replaces it.
/// </summary>
internal sealed class StreamingReply(ITelegramBotClient bot, Message question, TelegramSender sender, TimeProvider time, CancellationToken cancellationToken)
{
    private static readonly TimeSpan MinEditInterval = TimeSpan.FromSeconds(1);
    private const int MaxPartialLength = 3500;
    private int? _messageId;
    private DateTimeOffset _lastUpdate = DateTimeOffset.MinValue;
    private string _shown = "";

    public async Task OnPartialAsync(string text)
    {
        var now = time.GetUtcNow();
        if (now - _lastUpdate < MinEditInterval)
            return;
        _lastUpdate = now;
        var partial = HtmlText.Escape(text.Length > MaxPartialLength ? text[..MaxPartialLength] : text) + " …";
        if (_messageId is null)
        {
            var sent = await SendAsync(partial);
            _messageId = sent?.MessageId;
        }
        else
        {
            await EditAsync(_messageId.Value, partial);
        }
    }

    public async Task CompleteAsync(IReadOnlyList<string> parts)
    {
        for (var i = 0; i < parts.Count; i++)
        {
            if (i == 0 && _messageId is { } id)
                await EditAsync(id, parts[0]);
            else
                await SendAsync(parts[i]);
        }
    }

    private Task<Message?> SendAsync(string html) => sender.ReplyAsync(bot, question, html, cancellationToken);

    private async Task EditAsync(int messageId, string html)
    {
        if (html == _shown)
            return;
        _shown = html;
        await sender.SendAsync("editMessageText", question.Chat.Id, ct => bot.EditMessageText(question.Chat.Id, messageId, html,
            parseMode: ParseMode.Html,
            linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
            cancellationToken: ct), cancellationToken);
    }
}
