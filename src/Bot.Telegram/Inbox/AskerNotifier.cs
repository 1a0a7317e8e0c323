using System.Threading.Channels;
using Bot.Core.Answering;
using Bot.Core.Inbox;
using Bot.Core.Indexing;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Extensions;
using Telegram.Bot.Types;
using Telegram.Bot.Types.Enums;
using Bot.Core.Common;

namespace Bot.Telegram.Inbox;

/// <summary>
/// Tells the chats that asked a declined question, once, that it is answerable now: when a curated answer is written
/// for it, and when a knowledge reload answers it (the kept declined questions, newest first, at most
/// <c>Inbox:RecheckMax</c>, are asked again through the answerer). "Once" holds across replicas and restarts: each chat
/// and question is claimed in the inbox store (<see cref="IInboxStore.ClaimNoticeAsync"/>) before the message is sent.
/// Only questions whose text was kept (<c>Telegram:KeepQuestions</c>); off with <c>Feedback:NotifyAskers=false</c>.
/// </summary>
public sealed class AskerNotifier(IInboxStore store, CuratedAnswers curated, IKnowledgeStore knowledge, IQuestionAnswerer answerer, ITelegramBotClient bot,
    TelegramSender sender, TextCatalog texts, IOptions<InboxOptions> inbox, IOptions<InboxFeedbackOptions> notices, IOptions<TelegramOptions> telegram,
    ILogger<AskerNotifier> logger) : BackgroundService
{
    private const int QuestionShown = 60;
    private readonly Channel<Func<CancellationToken, Task>> _work = Channel.CreateBounded<Func<CancellationToken, Task>>(
        new BoundedChannelOptions(64) { SingleReader = true, FullMode = BoundedChannelFullMode.DropWrite });
    private int _recheckQueued;

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!notices.Value.NotifyAskers || !telegram.Value.KeepQuestions)
            return;
        curated.Added += OnAdded;
        knowledge.Reloaded += OnReloaded;
        try
        {
            await foreach (var work in _work.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await work(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Telling askers failed ({Error}); the next change tries again", LogText.Safe(e.Message));
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
        finally
        {
            curated.Added -= OnAdded;
            knowledge.Reloaded -= OnReloaded;
        }
    }

    private void OnAdded(CuratedAnswer answer) => _work.Writer.TryWrite(ct => TellAsync(answer, ct));

    // Reloads that come while one recheck waits are one recheck.
    private void OnReloaded(KnowledgeSnapshot snapshot)
    {
        if (Interlocked.Exchange(ref _recheckQueued, 1) == 0 && !_work.Writer.TryWrite(RecheckAsync))
            Volatile.Write(ref _recheckQueued, 0);
    }

    private async Task TellAsync(CuratedAnswer answer, CancellationToken cancellationToken)
    {
        var asked = (await KeptDeclinedAsync(cancellationToken)).Where(i => QuestionWords.Match(i.Words, answer.Words));
        await NotifyAsync(asked, answer.Text, cancellationToken);
    }

    private async Task RecheckAsync(CancellationToken cancellationToken)
    {
        Volatile.Write(ref _recheckQueued, 0);
        foreach (var group in (await KeptDeclinedAsync(cancellationToken)).GroupBy(i => i.Words, StringComparer.Ordinal).Take(inbox.Value.RecheckMax))
        {
            var answer = await answerer.AnswerAsync(group.First().Question!, cancellationToken: cancellationToken);
            if (answer.Answered)
                await NotifyAsync(group, answer.Marked, cancellationToken);
        }
    }

    // The declined questions whose text was kept, newest first.
    private async Task<IEnumerable<InboxItem>> KeptDeclinedAsync(CancellationToken cancellationToken) =>
        (await store.ItemsAsync(inbox.Value.MaxItems, cancellationToken)).Where(i => i.Question is not null && i.Reason != InboxItem.Disliked);

    private async Task NotifyAsync(IEnumerable<InboxItem> asked, string answer, CancellationToken cancellationToken)
    {
        foreach (var item in asked.DistinctBy(i => (i.Chat, i.Group)).ToList())
        {
            // Claimed before it is sent: a crash between the two loses this one notice rather than sending it twice.
            if (!await store.ClaimNoticeAsync(item.Chat, item.Group, cancellationToken))
                continue;
            var language = texts.LanguageOfText(item.Question!);
            var html = ReplyFormatter.Pack([HtmlText.Escape(texts.Get(language, "inbox.told", Citation.Shorten(item.Question!, QuestionShown), answer))!])[0];
            await sender.SendAsync("sendMessage", item.Chat, ct => bot.SendMessage(item.Chat, html, ParseMode.Html,
                replyParameters: new ReplyParameters { MessageId = item.Message, AllowSendingWithoutReply = true },
                linkPreviewOptions: new LinkPreviewOptions { IsDisabled = true },
                messageThreadId: item.Thread,
                cancellationToken: ct), cancellationToken, resendable: false);
        }
    }
}
