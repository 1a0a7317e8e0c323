using Bot.Core.Answering;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Answering;

public sealed class ConversationStoreTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void Get_AfterTheIdleTimeout_ForgetsTheConversation()
    {
        var store = new ConversationStore(_time, idleTimeout: TimeSpan.FromMinutes(30));
        store.Add("tg:1", new ConversationTurn("问", "问", "答"));

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(store.Get("tg:1"));
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Empty(store.Get("tg:1"));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void Add_SweepsConversationsIdleTooLong()
    {
        var store = new ConversationStore(_time, idleTimeout: TimeSpan.FromMinutes(30));
        store.Add("tg:1", new ConversationTurn("问", "问", "答"));
        _time.Advance(TimeSpan.FromMinutes(31));

        store.Add("tg:2", new ConversationTurn("问", "问", "答"));

        Assert.Equal(1, store.Count);
    }

    [Fact]
    public void Add_KeepsTheLastTurnsOnly()
    {
        var store = new ConversationStore(_time, maxTurns: 2);
        for (var i = 0; i < 5; i++)
            store.Add("c", new ConversationTurn($"问{i}", $"问{i}", "答"));

        Assert.Equal(["问3", "问4"], store.Get("c").Select(t => t.Question));
    }
}
