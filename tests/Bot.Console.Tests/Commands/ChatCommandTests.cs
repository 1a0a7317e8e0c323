using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class ChatCommandTests
{
    [Fact]
    public async Task Chat_FollowUpAndReset_KeepThenDropTheConversation()
    {
        const string input = "上海交通大学校长是谁？\n他是哪个学院的院士？\n/reset\n/quit\n这句不会被回答\n";

        var (code, output, _) = await HarnessRun.RunAsync(input, "chat", "--knowledge", RepoPaths.SeedKnowledge);

        Assert.Equal(0, code);
        Assert.Contains("中科院院士丁奎岭", output);
        Assert.Contains("(conversation cleared)", output);
        Assert.DoesNotContain("这句不会被回答", output);
    }
}
