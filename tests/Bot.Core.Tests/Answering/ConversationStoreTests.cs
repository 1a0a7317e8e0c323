using Bot.Core.Answering;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Answering;

public sealed class ConversationStoreTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public async Task Get_AfterTheIdleTimeout_ForgetsTheConversation()
    {
        var store = new ConversationStore(_time);
        await store.AddAsync("tg:1", new ConversationTurn("问", "问", "答"));

        _time.Advance(TimeSpan.FromMinutes(29));
        Assert.Single(await store.GetAsync("tg:1"));
        _time.Advance(TimeSpan.FromMinutes(2));

        Assert.Empty(await store.GetAsync("tg:1"));
        Assert.Equal(0, await store.CountAsync());
    }

    [Fact]
    public async Task Add_SweepsConversationsIdleTooLong()
    {
        var store = new ConversationStore(_time);
        await store.AddAsync("tg:1", new ConversationTurn("问", "问", "答"));
        _time.Advance(TimeSpan.FromMinutes(31));

        await store.AddAsync("tg:2", new ConversationTurn("问", "问", "答"));

        Assert.Equal(1, await store.CountAsync());
    }

    [Fact]
    public async Task Add_KeepsTheLastTurnsOnly()
    {
        var store = new ConversationStore(_time, ConversationLimits.Default with { MaxTurns = 2 });
        for (var i = 0; i < 5; i++)
            await store.AddAsync("c", new ConversationTurn($"问{i}", $"问{i}", "答"));

        Assert.Equal(["问3", "问4"], (await store.GetAsync("c")).Select(t => t.Question));
    }

    [Fact]
    public async Task Add_CutsLongAnswers_AndDropsOldTurnsBeyondTheCharacterBudget()
    {
        var store = new ConversationStore(_time, ConversationLimits.Default with { MaxChars = 2500 });
        await store.AddAsync("c", new ConversationTurn("一", "一", new string('甲', 3000)));
        await store.AddAsync("c", new ConversationTurn("二", "二", new string('乙', 1000)));
        await store.AddAsync("c", new ConversationTurn("三", "三", new string('丙', 1000)));

        var turns = await store.GetAsync("c");
        Assert.Equal(["二", "三"], turns.Select(t => t.Question));
        Assert.All(turns, t => Assert.True(t.Answer.Length <= 1000));
    }
}
