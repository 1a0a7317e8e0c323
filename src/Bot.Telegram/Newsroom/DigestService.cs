using Bot.Core.Answering;
using Bot.Core.Newsroom;
using Bot.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Bot.Core.Common;

namespace Bot.Telegram.Newsroom;

/// <summary>
/// Sends each chat's daily digest (<c>/digest 08:00</c>, in <c>Answering:TimeZone</c>): the articles added since the
/// last one, newest first, ten listed and the rest counted; nothing when none was added. It waits on the
/// <see cref="TimeProvider"/> for the earliest digest due (at most a minute, to see digests another replica set). A
/// digest is moved on to its next day in the store before it is sent, by one replica only (a compare-and-set on the
/// time it was due), so it goes once a day per chat whatever the number of replicas.
/// </summary>
public sealed class DigestService(INewsroomStore store, PushSender sender, IOptions<AnsweringOptions> answering, TimeProvider time, ILogger<DigestService> logger)
    : BackgroundService
{
    private const int Listed = 10;
    private static readonly TimeSpan LookEvery = TimeSpan.FromMinutes(1);

    private readonly SemaphoreSlim _changed = new(0);

    /// <summary>The answering time zone, where digest times are read.</summary>
    public TimeZoneInfo Zone { get; } = TimeZoneInfo.FindSystemTimeZoneById(answering.Value.TimeZone);

    /// <summary>Says that a digest was set or removed here, so the next due time is worked out again.</summary>
    public void Changed() => _changed.Release();

    /// <summary>The schedule of a digest set now at <paramref name="at"/>: due next at that time, listing what is added from now on.</summary>
    public DigestSchedule Schedule(long chat, TimeOnly at)
    {
        var now = time.GetUtcNow();
        return new DigestSchedule(chat, at, DigestTimes.Next(at, Zone, now), now);
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var wait = LookEvery;
                try
                {
                    wait = await SendDueAsync(stoppingToken);
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    logger.LogWarning("Digests could not be read or sent ({Error}); trying again", LogText.Safe($"{e.GetType().Name}: {e.Message}"));
                }
                using var timer = new CancellationTokenSource(wait, time);
                using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
                try
                {
                    await _changed.WaitAsync(either.Token);
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
    }

    // Sends the digests due; returns how long to wait for the next one.
    private async Task<TimeSpan> SendDueAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var wait = LookEvery;
        foreach (var due in await store.DigestsAsync(cancellationToken))
        {
            if (due.NextDue > now)
            {
                wait = TimeSpan.FromTicks(Math.Min(wait.Ticks, (due.NextDue - now).Ticks));
                continue;
            }
            var next = due with { NextDue = DigestTimes.Next(due.At, Zone, now), Since = now };
            if (!await store.TryAdvanceDigestAsync(due, next, cancellationToken))
                continue;
            var (articles, total) = await store.AddedBetweenAsync(due.Since, now, Listed, cancellationToken);
            if (total == 0)
                continue;
            var language = TextCatalog.DefaultLanguage;
            var html = PushSender.Listing(NewsroomTexts.Get(language, "digestHeader", total), articles, total, Listed, language);
            switch (await sender.SendAsync(due.Chat, html, null, cancellationToken))
            {
                case PushOutcome.Blocked:
                    await store.ForgetChatAsync(due.Chat, CancellationToken.None);
                    logger.LogWarning("Chat {ChatId} does not take the bot's messages (403); its subscriptions, pushes and digest are removed", due.Chat);
                    break;
                case PushOutcome.Failed:
                    // Given up for now (Telegram away beyond Telegram:SendRetrySeconds): due again, tried at the next look.
                    await store.TryAdvanceDigestAsync(next, due, CancellationToken.None);
                    break;
            }
        }
        return wait;
    }
}
