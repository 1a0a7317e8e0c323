using System.Collections.Concurrent;

namespace Bot.Core.Answering;

/// <summary>
/// Conversations in process memory, bounded by <see cref="ConversationLimits"/>; conversations idle longer than the
/// limit's idle time are dropped so that memory stays bounded however many chats there are.
/// </summary>
public sealed class ConversationStore(TimeProvider time, ConversationLimits? limits = null) : IConversationStore
{
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new();
    private readonly ConversationLimits _limits = limits ?? ConversationLimits.Default;

    /// <inheritdoc />
    public Task<IReadOnlyList<ConversationTurn>> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        if (!_conversations.TryGetValue(key, out var conversation))
            return Task.FromResult<IReadOnlyList<ConversationTurn>>([]);
        lock (conversation)
        {
            if (time.GetUtcNow() - conversation.LastUsed > _limits.Idle)
            {
                _conversations.TryRemove(key, out _);
                return Task.FromResult<IReadOnlyList<ConversationTurn>>([]);
            }
            return Task.FromResult<IReadOnlyList<ConversationTurn>>(conversation.Turns.ToArray());
        }
    }

    /// <inheritdoc />
    public Task AddAsync(string key, ConversationTurn turn, CancellationToken cancellationToken = default)
    {
        Sweep();
        var conversation = _conversations.GetOrAdd(key, _ => new Conversation());
        lock (conversation)
        {
            conversation.Turns.Add(_limits.Kept(turn));
            _limits.Trim(conversation.Turns);
            conversation.LastUsed = time.GetUtcNow();
        }
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task ResetAsync(string key, CancellationToken cancellationToken = default)
    {
        _conversations.TryRemove(key, out _);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<long> CountAsync(CancellationToken cancellationToken = default) => Task.FromResult((long)_conversations.Count);

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, conversation) in _conversations)
        {
            if (now - conversation.LastUsed > _limits.Idle)
                _conversations.TryRemove(key, out _);
        }
    }

    private sealed class Conversation
    {
        public List<ConversationTurn> Turns { get; } = [];

        public DateTimeOffset LastUsed { get; set; }
    }
}
