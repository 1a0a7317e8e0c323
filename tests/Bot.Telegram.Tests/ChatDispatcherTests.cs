namespace Bot.Telegram.Tests;

public sealed class ChatDispatcherTests
{
    [Fact]
    public async Task Enqueue_OneChatsWork_RunsInOrder_WhileAnotherChatIsNotKeptWaiting()
    {
        var dispatcher = new ChatDispatcher();
        var order = new List<string>();
        var firstMayEnd = new TaskCompletionSource();

        _ = dispatcher.Enqueue(1, async () =>
        {
            await firstMayEnd.Task;
            lock (order)
                order.Add("1a");
        });
        _ = dispatcher.Enqueue(1, () =>
        {
            lock (order)
                order.Add("1b");
            return Task.CompletedTask;
        });
        // Chat 2 finishes while chat 1's first piece is still waiting.
        await dispatcher.Enqueue(2, () =>
        {
            lock (order)
                order.Add("2");
            return Task.CompletedTask;
        }).WaitAsync(TimeSpan.FromSeconds(10));
        firstMayEnd.SetResult();
        await dispatcher.DrainAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(["2", "1a", "1b"], order);
    }

    [Fact]
    public async Task Drain_WaitsForWorkRunBesideTheQueues_AndAFailureDoesNotStopTheChat()
    {
        var dispatcher = new ChatDispatcher();
        var release = new TaskCompletionSource();
        var ran = false;
        _ = dispatcher.Run(() => release.Task);
        _ = dispatcher.Enqueue(1, () => throw new InvalidOperationException("broken"));
        _ = dispatcher.Enqueue(1, () =>
        {
            ran = true;
            return Task.CompletedTask;
        });

        var drained = dispatcher.DrainAsync(CancellationToken.None);
        Assert.False(drained.IsCompleted);
        release.SetResult();
        await drained.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.True(ran);
    }
}
