using System.Collections.Concurrent;

namespace Bot.Core.Answering;

/// <summary>
/// The last few turns of each conversation, bounded in count and size; conversations idle longer than
/// <paramref name="idleTimeout"/> are dropped so that memory stays bounded however many chats there are.
/// </summary>
public sealed class ConversationStore(TimeProvider time, int maxTurns = 6, int maxChars = 4000, TimeSpan? idleTimeout = null)
{
    private readonly ConcurrentDictionary<string, Conversation> _conversations = new();
    private readonly TimeSpan _idle = idleTimeout ?? TimeSpan.FromMinutes(30);

    /// <summary>The turns of conversation <paramref name="key"/>, oldest first (empty when new or expired).</summary>
    public IReadOnlyList<ConversationTurn> Get(string key)
    {
        if (!_conversations.TryGetValue(key, out var conversation))
            return [];
        lock (conversation)
        {
            if (time.GetUtcNow() - conversation.LastUsed > _idle)
            {
                _conversations.TryRemove(key, out _);
                return [];
            }
            return conversation.Turns.ToArray();
        }
    }

    /// <summary>Adds a turn, dropping the oldest beyond the bounds.</summary>
    public void Add(string key, ConversationTurn turn)
    {
        Sweep();
        var conversation = _conversations.GetOrAdd(key, _ => new Conversation());
        lock (conversation)
        {
            conversation.Turns.Add(turn with { Answer = turn.Answer.Length > 1000 ? turn.Answer[..1000] : turn.Answer });
            while (conversation.Turns.Count > maxTurns || conversation.Turns.Count > 1 && conversation.Turns.Sum(t => t.Question.Length + t.Answer.Length) > maxChars)
                conversation.Turns.RemoveAt(0);
            conversation.LastUsed = time.GetUtcNow();
        }
    }

    /// <summary>Forgets conversation <paramref name="key"/>.</summary>
    public void Reset(string key) => _conversations.TryRemove(key, out _);

    /// <summary>Number of conversations held.</summary>
    public int Count => _conversations.Count;

    private void Sweep()
    {
        var now = time.GetUtcNow();
        foreach (var (key, conversation) in _conversations)
        {
            if (now - conversation.LastUsed > _idle)
                _conversations.TryRemove(key, out _);
        }
    }

    private sealed class Conversation
    {
        public List<ConversationTurn> Turns { get; } = [];

        public DateTimeOffset LastUsed { get; set; }
    }
}
