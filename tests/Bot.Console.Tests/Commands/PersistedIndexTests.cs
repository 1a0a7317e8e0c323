using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Bot.TestSupport;

namespace Bot.Console.Tests.Commands;

public sealed class PersistedIndexTests
{
    [Fact]
    public async Task KilledIndexingRun_LeavesAnIndexThatOpensAndIsBroughtUpToDate()
    {
        using var knowledge = new TempFolder();
        using var index = new TempFolder();
        knowledge.Write("first.txt", "第一篇标题\n副题\n第一篇文章讲的是长江口的中华鲟放流。");
        var (code, _, _) = await HarnessRun.RunAsync("", "sources", "--knowledge", knowledge.Path, "--index", index.Path);
        Assert.Equal(0, code);

        var committed = Commits(index.Path);
        knowledge.Write("many.jsonl", ManyArticles(3000));
        using (var child = StartHarness("sources", "--verbose", "--knowledge", knowledge.Path, "--index", index.Path))
        {
            // "Read … articles" is logged after reading, before indexing: kill it there.
            while (await child.StandardError.ReadLineAsync() is { } line && !line.Contains("Read 3001 articles"))
            {
            }
            child.Kill(entireProcessTree: true);
            await child.WaitForExitAsync();
        }
        // The kill came before the indexing run committed, else this test would prove nothing.
        Assert.Equal(committed, Commits(index.Path));

        var (askCode, output, error) = await HarnessRun.RunAsync("", "ask", "--json", "--knowledge", knowledge.Path, "--index", index.Path, "编号2999的文章讲的是什么？");

        Assert.True(askCode == 0, error);
        var answer = JsonDocument.Parse(output).RootElement;
        Assert.True(answer.GetProperty("answered").GetBoolean());
        Assert.Contains("编号2999", answer.GetProperty("answer").GetString());
        var (_, sources, _) = await HarnessRun.RunAsync("", "sources", "--knowledge", knowledge.Path, "--index", index.Path);
        Assert.StartsWith("3001 articles", sources);
    }

    private static string[] Commits(string indexPath) =>
        Directory.GetFiles(indexPath, "segments_*").Select(Path.GetFileName).Order().ToArray()!;

    private static string ManyArticles(int count)
    {
        var sb = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            var text = $"编号{i}的文章讲的是第{i}个社区的更新改造。" + string.Concat(Enumerable.Repeat($"社区{i}新建了养老服务中心和公共停车位，居民满意度明显提高。", 8));
            sb.Append(JsonSerializer.Serialize(new { id = $"n{i}", title = $"社区更新第{i}号", text })).Append('\n');
        }
        return sb.ToString();
    }

    private static Process StartHarness(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "bot.dll"));
        foreach (var a in args)
            start.ArgumentList.Add(a);
        return Process.Start(start)!;
    }
}
