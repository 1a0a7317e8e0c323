using Bot.Core.Answering;
using Bot.TestSupport;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Core.Tests.Answering;

public sealed class ConversationsLogTests
{
    private const string Forged = "\ncrit: Bot.Host[0]\n      forged entry";
    private const string Text = "上海交通大学副校长介绍了上海高级金融学院的新课程。学院今年招收了更多学生。";

    [Fact]
    public async Task Ask_ASourceIdFromAJsonlLine_CarryingANewline_IsLoggedEscapedOnOneLine()
    {
        using var folder = new TempFolder();
        folder.WriteJsonl("news.jsonl", new { id = "a1" + Forged, title = "学院", text = Text });

        var line = await AskAndLogAsync(folder.Path);

        Assert.Contains("a1\\ncrit: Bot.Host[0]\\n      forged entry", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_ASourceIdFromAFileName_CarryingANewline_IsLoggedEscapedOnOneLine()
    {
        using var folder = new TempFolder();
        folder.Write("page" + Forged + ".txt", Text);

        var line = await AskAndLogAsync(folder.Path);

        Assert.Contains("page\\ncrit: Bot.Host[0]\\n      forged entry.txt", line, StringComparison.Ordinal);
    }

    private static async Task<string> AskAndLogAsync(string knowledge)
    {
        var logs = new ListLoggerProvider();
        await using var services = await CoreFactory.LoadedAsync(knowledge, logs: logs);

        var answer = await services.GetRequiredService<Conversations>().AskAsync(new Asker("tg:1", 1), "上海交通大学副校长介绍了哪个学院？");

        Assert.NotEmpty(answer.Sources);
        var line = Assert.Single(logs.Lines, l => l.Contains("Question in", StringComparison.Ordinal));
        Assert.DoesNotContain('\n', line.TrimEnd());
        Assert.DoesNotContain('\r', line);
        return line;
    }
}
