using Microsoft.Extensions.Options;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// Joins a question split over several messages: the plain questions one user sends in one chat, each within
/// <c>Telegram:JoinMilliseconds</c> of the one before, are answered once, as one question (in the order sent, one a
/// line), as a reply to the first. Waits on the <see cref="TimeProvider"/>; with 0 every message is a question.
/// </summary>
public sealed class QuestionJoiner(TimeProvider time, IOptions<TelegramOptions> options)
{
    // Parts joined at most: a user who keeps typing is answered after this many.
    private const int MaxParts = 10;
    private readonly Dictionary<(long Chat, long User), Pending> _pending = [];

    /// <summary>True when questions are joined (<c>Telegram:JoinMilliseconds</c> above 0).</summary>
    public bool Enabled => options.Value.JoinMilliseconds > 0;

    /// <summary>Raised after a part is taken (tests wait on it before moving the clock on).</summary>
    internal event Action? PartTaken;

    /// <summary>
    /// Takes <paramref name="request"/> of <paramref name="message"/>; <paramref name="answer"/> is called once the user
    /// has sent nothing more for the window, with the first message and the joined question. The returned task completes
    /// when that answer has.
    /// </summary>
    public Task Add(Message message, BotRequest request, Func<Message, BotRequest, Task> answer)
    {
        var key = (message.Chat.Id, message.From?.Id ?? message.Chat.Id);
        var window = TimeSpan.FromMilliseconds(options.Value.JoinMilliseconds);
        Pending pending;
        lock (_pending)
        {
            if (_pending.TryGetValue(key, out var open))
            {
                open.Parts.Add(request.Argument);
                if (open.Parts.Count < MaxParts)
                    open.Timer.Change(window, Timeout.InfiniteTimeSpan);
                else
                    open.Timer.Change(TimeSpan.Zero, Timeout.InfiniteTimeSpan);
                pending = open;
            }
            else
            {
                pending = new Pending(message, answer);
                pending.Parts.Add(request.Argument);
                var started = pending;
                pending.Timer = time.CreateTimer(_ => Fire(key, started), null, window, Timeout.InfiniteTimeSpan);
                _pending[key] = pending;
            }
        }
        PartTaken?.Invoke();
        return pending.Done.Task;
    }

    private void Fire((long, long) key, Pending pending)
    {
        lock (_pending)
        {
            if (!_pending.TryGetValue(key, out var current) || current != pending)
                return;
            _pending.Remove(key);
        }
        pending.Timer.Dispose();
        var joined = new BotRequest(null, string.Join("\n", pending.Parts));
        _ = pending.Answer(pending.First, joined).ContinueWith(_ => pending.Done.TrySetResult(), TaskScheduler.Default);
    }

    private sealed class Pending(Message first, Func<Message, BotRequest, Task> answer)
    {
        public Message First { get; } = first;
        public Func<Message, BotRequest, Task> Answer { get; } = answer;
        public List<string> Parts { get; } = [];
        public ITimer Timer { get; set; } = null!;
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
