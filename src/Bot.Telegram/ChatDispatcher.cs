namespace Bot.Telegram;

/// <summary>
/// Runs work for different chats concurrently while each chat's work stays in order, and can wait for all work
/// in flight (graceful shutdown).
/// </summary>
public sealed class ChatDispatcher
{
    private readonly Lock _lock = new();
    private readonly Dictionary<long, Task> _tails = [];
    private readonly HashSet<Task> _inFlight = [];

    /// <summary>Work queued or running, not yet finished.</summary>
    public int Pending
    {
        get
        {
            lock (_lock)
                return _inFlight.Count;
        }
    }

    /// <summary>Queues <paramref name="work"/> after the chat's earlier work.</summary>
    public Task Enqueue(long chatId, Func<Task> work)
    {
        lock (_lock)
        {
            var previous = _tails.GetValueOrDefault(chatId) ?? Task.CompletedTask;
            var next = RunAfterAsync(previous, work);
            _tails[chatId] = next;
            return Track(next, chatId);
        }
    }

    /// <summary>Runs <paramref name="work"/> beside every chat's queue (a refusal, a button's acknowledgement), tracked for <see cref="DrainAsync"/>.</summary>
    public Task Run(Func<Task> work)
    {
        lock (_lock)
            return Track(Task.Run(work), chatId: null);
    }

    // Holds the task for DrainAsync until it ends; a chat's tail is forgotten when nothing was queued after it.
    private Task Track(Task task, long? chatId)
    {
        _inFlight.Add(task);
        _ = task.ContinueWith(t =>
        {
            lock (_lock)
            {
                _inFlight.Remove(t);
                if (chatId is { } chat && _tails.TryGetValue(chat, out var tail) && tail == t)
                    _tails.Remove(chat);
            }
        }, TaskScheduler.Default);
        return task;
    }

    /// <summary>Waits until every queued piece of work has finished.</summary>
    public async Task DrainAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task[] pending;
            lock (_lock)
                pending = [.. _inFlight];
            if (pending.Length == 0)
                return;
            await Task.WhenAll(pending).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static async Task RunAfterAsync(Task previous, Func<Task> work)
    {
        await previous.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await work().ConfigureAwait(false);
    }
}
