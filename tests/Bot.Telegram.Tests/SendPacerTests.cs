using Microsoft.Extensions.Time.Testing;

namespace Bot.Telegram.Tests;

public sealed class SendPacerTests
{
    // Generous: a turn whose time came completes on a pool thread a moment after the clock moved.
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(10);

    private static (SendPacer Pacer, FakeTimeProvider Clock) Start()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        return (new SendPacer(clock, perSecond: 30), clock);
    }

    [Fact]
    public async Task WaitTurn_AChatsShortBurst_GoesAtOnce_ThenOneASecond()
    {
        var (pacer, clock) = Start();

        var burst = Enumerable.Range(0, SendPacer.ChatBurst).Select(_ => pacer.WaitTurnAsync(42, CancellationToken.None)).ToList();
        var next = pacer.WaitTurnAsync(42, CancellationToken.None);
        var afterIt = pacer.WaitTurnAsync(42, CancellationToken.None);
        var otherChat = pacer.WaitTurnAsync(43, CancellationToken.None);

        Assert.All(burst, t => Assert.True(t.IsCompletedSuccessfully));
        Assert.True(otherChat.IsCompletedSuccessfully);
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(next.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await next.WaitAsync(Bound);
        Assert.False(afterIt.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(1));
        await afterIt.WaitAsync(Bound);
    }

    [Fact]
    public void WaitTurn_AChatQuietForLong_HasItsBurstAgain()
    {
        var (pacer, clock) = Start();
        for (var i = 0; i < SendPacer.ChatBurst; i++)
            Assert.True(pacer.WaitTurnAsync(42, CancellationToken.None).IsCompletedSuccessfully);

        clock.Advance(SendPacer.ChatInterval * SendPacer.ChatBurst);

        for (var i = 0; i < SendPacer.ChatBurst; i++)
            Assert.True(pacer.WaitTurnAsync(42, CancellationToken.None).IsCompletedSuccessfully);
        Assert.False(pacer.WaitTurnAsync(42, CancellationToken.None).IsCompleted);
    }

    [Fact]
    public async Task WaitTurn_AGroup_GetsAtMostTwentyInAnyMinute_WhereAPrivateChatGoesOn()
    {
        var (pacer, clock) = Start();
        var start = clock.GetUtcNow();
        // Twenty to each, at one a second after the burst: the chat limits let every one through at once.
        for (var i = 0; i < SendPacer.GroupPerMinute; i++)
        {
            if (i >= SendPacer.ChatBurst)
                clock.Advance(SendPacer.ChatInterval);
            Assert.True(pacer.WaitTurnAsync(-100, CancellationToken.None).IsCompletedSuccessfully);
            Assert.True(pacer.WaitTurnAsync(7, CancellationToken.None).IsCompletedSuccessfully);
        }
        clock.Advance(SendPacer.ChatInterval);

        var privateChat = pacer.WaitTurnAsync(7, CancellationToken.None);
        var group = pacer.WaitTurnAsync(-100, CancellationToken.None);

        Assert.True(privateChat.IsCompletedSuccessfully);
        Assert.False(group.IsCompleted);
        // The group's first five went at the start: the twenty-first goes when they leave the minute, not before.
        clock.Advance(start + TimeSpan.FromMinutes(1) - clock.GetUtcNow() - TimeSpan.FromMilliseconds(1));
        Assert.False(group.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await group.WaitAsync(Bound);
    }

    [Fact]
    public async Task Hold_After429_TheChatWaitsItOut_WithNoBurst_WhileOthersGoOn()
    {
        var (pacer, clock) = Start();

        pacer.Hold(42, TimeSpan.FromSeconds(3));
        var held = pacer.WaitTurnAsync(42, CancellationToken.None);
        var afterIt = pacer.WaitTurnAsync(42, CancellationToken.None);

        Assert.True(pacer.WaitTurnAsync(43, CancellationToken.None).IsCompletedSuccessfully);
        clock.Advance(TimeSpan.FromMilliseconds(2999));
        Assert.False(held.IsCompleted);
        clock.Advance(TimeSpan.FromMilliseconds(1));
        await held.WaitAsync(Bound);
        Assert.False(afterIt.IsCompleted);
        clock.Advance(SendPacer.ChatInterval);
        await afterIt.WaitAsync(Bound);
    }

    [Fact]
    public async Task WaitTurn_OverAllChats_KeepsTheOverallRate()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 9, 0, 0, TimeSpan.Zero));
        var pacer = new SendPacer(clock, perSecond: 4);

        var turns = Enumerable.Range(0, 8).Select(chat => pacer.WaitTurnAsync(chat, CancellationToken.None)).ToList();

        Assert.Equal(4, turns.Count(t => t.IsCompleted));
        clock.Advance(TimeSpan.FromSeconds(1));
        await Task.WhenAll(turns).WaitAsync(Bound);
    }
}
