using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.Inbox;
using Bot.Core.Newsroom;
using Bot.Core.Options;
using Bot.Telegram.Commands;
using Bot.Telegram.Newsroom;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot.Extensions;

namespace Bot.Telegram.Inbox;

/// <summary>
/// The admins' daily inbox message: each day at <c>Feedback:InboxTime</c> (in <c>Answering:TimeZone</c>), when a question
/// was declined or rated 👎 since the last one, each admin (<c>Telegram:AdminUserIds</c>, in their private chat with the
/// bot) is sent what <c>/inbox</c> shows, with its buttons; nothing when nothing is new. The day is claimed in the inbox
/// store (<see cref="IInboxStore.ClaimDailyAsync"/>) before anything is sent, so it goes once a day whatever the restarts
/// and replicas; a day's message missed while the bot was down is sent when it starts.
/// </summary>
public sealed class InboxDailyService(IInboxStore store, PushSender sender, TextCatalog texts, IOptions<InboxFeedbackOptions> feedback, IOptions<InboxOptions> inbox,
    IOptions<TelegramOptions> telegram, IOptions<AnsweringOptions> answering, TimeProvider time, ILogger<InboxDailyService> logger) : BackgroundService
{
    // The wait is cut into steps no longer than this, so that a clock set forward or back is noticed within it.
    private static readonly TimeSpan LookEvery = TimeSpan.FromMinutes(1);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (feedback.Value.DailyAt is not { } at || telegram.Value.AdminUserIds.Length == 0)
            return;
        var zone = TimeZoneInfo.FindSystemTimeZoneById(answering.Value.TimeZone);
        DateOnly? done = null;
        while (!stoppingToken.IsCancellationRequested)
        {
            var now = time.GetUtcNow();
            // The last moment the message was due: today's time when it has passed, else yesterday's.
            var due = DigestTimes.Next(at, zone, now.AddDays(-1));
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(due, zone).DateTime);
            if (due <= now && done != day)
            {
                try
                {
                    await SendAsync(day, now, stoppingToken);
                    done = day;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("The daily inbox message could not be sent ({Error}); trying again", LogText.Safe($"{e.GetType().Name}: {e.Message}"));
                }
            }
            var next = DigestTimes.Next(at, zone, now);
            var wait = TimeSpan.FromTicks(Math.Clamp((next - now).Ticks, TimeSpan.FromSeconds(1).Ticks, LookEvery.Ticks));
            try
            {
                await Task.Delay(wait, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    private async Task SendAsync(DateOnly day, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Claimed before it is sent: a crash between the two loses this day's message rather than sending it twice.
        // The claim records the moment it cuts at, in whole seconds as the stores keep it; the next message counts from
        // there. What is new was asked since the last cut and before this one: a question asked while a missed day's
        // message is being sent at start is today's, not that day's.
        var cut = DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds());
        if (await store.ClaimDailyAsync(day, cut, cancellationToken) is not { } since)
            return;
        var fresh = (await store.ItemsAsync(inbox.Value.MaxItems, cancellationToken)).Count(i => i.Time >= since && i.Time < cut);
        if (fresh == 0)
            return;
        var groups = await store.GroupsAsync(InboxCommand.Listed, cancellationToken);
        if (groups is null || groups.Count == 0)
            return;
        var language = TextCatalog.DefaultLanguage;
        var heading = HtmlText.Escape(texts.Get(language, "inbox.dailyHeading", fresh, groups.Count))!;
        foreach (var admin in telegram.Value.AdminUserIds)
        {
            if (await sender.SendAsync(admin, heading, null, cancellationToken) != PushOutcome.Sent)
            {
                logger.LogWarning("The daily inbox message could not reach admin {UserId} (has the admin started a private chat with the bot?)", admin);
                continue;
            }
            foreach (var group in groups)
            {
                var (html, buttons) = InboxView.Item(texts, group, language);
                await sender.SendAsync(admin, html, buttons, cancellationToken);
            }
        }
        logger.LogInformation("Daily inbox message sent to {Admins} admins: {Fresh} new questions, {Groups} groups", telegram.Value.AdminUserIds.Length, fresh, groups.Count);
    }
}
