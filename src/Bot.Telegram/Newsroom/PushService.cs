using Bot.Core.Answering;
using Bot.Core.Newsroom;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Bot.Core.Common;

namespace Bot.Telegram.Newsroom;

/// <summary>
/// Pushes the articles owed to subscribed chats: at once when this process recorded them (<see cref="IArticleFeed.Added"/>),
/// and every <c>Subscriptions:PollSeconds</c> for those another replica recorded. A chat's pushes are sent under a claim
/// of that chat (one replica at a time) and each is taken off the store as soon as Telegram has taken it, so a replica
/// that dies mid-push leaves only the message in flight to be sent again (by whoever claims the chat after its claim runs
/// out). Up to <c>Subscriptions:ListAbove</c> articles owed to a chat go one message each; more (a burst) go as one
/// message listing them. A chat that blocked the bot (403) is unsubscribed, with one log line.
/// </summary>
public sealed class PushService(INewsroomStore store, IArticleFeed feed, PushSender sender, IOptions<SubscriptionOptions> options, TimeProvider time,
    ILogger<PushService> logger) : BackgroundService
{
    // Chats pushed to at once; Telegram's overall limit is kept by the sender's pacing.
    private const int ChatsAtOnce = 64;

    private readonly SemaphoreSlim _wake = new(0);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        void Wake(NewArticles _) => _wake.Release();
        feed.Added += Wake;
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await PushOwedAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Pushes could not be read or sent ({Error}); trying again", LogText.Safe($"{e.GetType().Name}: {e.Message}"));
                }
                using var timer = new CancellationTokenSource(TimeSpan.FromSeconds(options.Value.PollSeconds), time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
                try
                {
                    await _wake.WaitAsync(either.Token);
                }
                catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
                {
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopped, also when the host stops because it could not start: not a failure of this service.
        }
        finally
        {
            feed.Added -= Wake;
        }
    }

    private async Task PushOwedAsync(CancellationToken cancellationToken)
    {
        var owed = await store.PendingAsync(cancellationToken);
        if (owed.Count == 0)
            return;
        await Parallel.ForEachAsync(owed.GroupBy(p => p.Chat), new ParallelOptions { MaxDegreeOfParallelism = ChatsAtOnce, CancellationToken = cancellationToken },
            async (chat, ct) => await PushChatAsync(chat.Key, chat.ToList(), ct));
    }

    private async Task PushChatAsync(long chat, IReadOnlyList<PendingPush> pushes, CancellationToken cancellationToken)
    {
        var o = options.Value;
        if (await store.TryClaimAsync(chat, TimeSpan.FromSeconds(o.ClaimSeconds), cancellationToken) is not { } token)
            return;
        var outcome = PushOutcome.Sent;
        try
        {
            // What was read before the claim may have been sent since by the replica that held it then.
            var owed = await store.OwedAsync(chat, pushes.Select(p => p.Article.Stamp).ToList(), cancellationToken);
            pushes = pushes.Where(p => owed.Contains(p.Article.Stamp)).ToList();
            if (pushes.Count == 0)
                return;
            var language = TextCatalog.DefaultLanguage;
            if (pushes.Count > o.ListAbove)
            {
                outcome = await sender.SendAsync(chat, PushSender.List(pushes, language), null, cancellationToken);
                if (outcome == PushOutcome.Sent)
                    await store.AcknowledgeAsync(chat, token, pushes.Select(p => p.Article.Stamp).ToList(), CancellationToken.None);
            }
            else
            {
                foreach (var push in pushes)
                {
                    var (html, buttons) = PushSender.One(push, language);
                    outcome = await sender.SendAsync(chat, html, buttons, cancellationToken);
                    if (outcome != PushOutcome.Sent)
                        break;
                    await store.AcknowledgeAsync(chat, token, [push.Article.Stamp], CancellationToken.None);
                }
            }
            if (outcome == PushOutcome.Blocked)
            {
                await store.ForgetChatAsync(chat, CancellationToken.None);
                logger.LogWarning("Chat {ChatId} does not take the bot's messages (403); its subscriptions, pushes and digest are removed", chat);
            }
        }
        finally
        {
            await store.ReleaseAsync(chat, token, CancellationToken.None);
        }
    }
}
