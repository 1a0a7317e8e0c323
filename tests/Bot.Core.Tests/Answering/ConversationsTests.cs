using Bot.Core.Answering;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class ConversationsTests
{
    [Fact]
    public async Task Ask_FollowUp_LeansOnTheConversationsEarlierTurn_AndResetForgetsIt()
    {
        await using var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge);
        var conversations = services.GetRequiredService<Conversations>();
        var asker = new Asker("tg:1", 1001);

        await conversations.AskAsync(asker, "上海交通大学副校长是谁？");
        var followUp = await conversations.AskAsync(asker, "他介绍了哪个学院？");
        await conversations.ResetAsync(asker.Conversation);
        var afterReset = await conversations.AskAsync(asker, "他介绍了哪个学院？");

        Assert.NotNull(followUp.StandaloneQuestion);
        Assert.Contains("上海高级金融学院", followUp.Text);
        Assert.Null(afterReset.StandaloneQuestion);
    }

    [Fact]
    public async Task Ask_LogsOneLinePerQuestion_WithoutTheQuestionsText()
    {
        var logs = new ListLoggerProvider();
        await using var services = await CoreFactory.LoadedAsync(RepoPaths.SeedKnowledge, logs: logs);
        var conversations = services.GetRequiredService<Conversations>();

        var answer = await conversations.AskAsync(new Asker("tg:-100", 1001), "华为青浦研发中心建得怎么样了？");

        var line = Assert.Single(logs.Lines, l => l.Contains("Question in"));
        Assert.Contains("tg:-100", line);
        Assert.Contains("1001", line);
        Assert.Contains("Answered", line);
        Assert.Contains(answer.Sources[0].Id, line);
        Assert.DoesNotContain("华为", line);
    }
}
