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

    [Fact]
    public async Task SecondProcessOnTheSameIndex_NeitherFailsNorDamagesIt()
    {
        using var knowledge = new TempFolder();
        using var index = new TempFolder();
        knowledge.Write("first.txt", "第一篇标题\n副题\n第一篇文章讲的是长江口的中华鲟放流。");
        knowledge.Write("many.jsonl", ManyArticles(3000));
        string childErrors;
        using (var child = StartHarness("sources", "--verbose", "--knowledge", knowledge.Path, "--index", index.Path))
        {
            // While the child indexes (after reading, before its commit), this process asks on the same folder.
            while (await child.StandardError.ReadLineAsync() is { } line && !line.Contains("Read 3001 articles"))
            {
            }
            var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--json", "--verbose", "--knowledge", knowledge.Path, "--index", index.Path, "编号2999的文章讲的是什么？");

            Assert.True(code == 0, error);
            Assert.Contains("in use by another process", error);
            Assert.Contains("编号2999", JsonDocument.Parse(output).RootElement.GetProperty("answer").GetString());
            childErrors = await child.StandardError.ReadToEndAsync();
            await child.WaitForExitAsync();
            Assert.True(child.ExitCode == 0, childErrors);
        }

        // The owner's index is whole: the next start finds every file unchanged, and a second reader opens it read-only.
        var (reopenCode, _, reopenLog) = await HarnessRun.RunAsync("", "sources", "--verbose", "--knowledge", knowledge.Path, "--index", index.Path);
        Assert.Equal(0, reopenCode);
        Assert.Contains("0 added, 0 changed, 0 deleted, 2 unchanged", reopenLog);
        Assert.DoesNotContain("damaged", reopenLog + childErrors);
    }

    [Theory]
    [InlineData("*_Lucene41_0.tim", "truncate")]
    [InlineData("*.fdt", "zero")]
    [InlineData("segments_*", "truncate")]
    [InlineData("*_Lucene41_0.doc", "flip")]
    [InlineData("*.fdt", "flip")]
    public async Task DamagedIndexFile_IsMovedAsideAndTheIndexRebuilt(string pattern, string damage)
    {
        using var knowledge = new TempFolder();
        using var index = new TempFolder();
        knowledge.Write("page.txt", File.ReadAllBytes(RepoPaths.SeedPage));
        Assert.Equal(0, (await HarnessRun.RunAsync("", "sources", "--knowledge", knowledge.Path, "--index", index.Path)).Code);
        var file = Directory.GetFiles(index.Path, pattern).Order().First();
        var length = new FileInfo(file).Length;
        if (damage == "truncate")
        {
            using var stream = File.OpenWrite(file);
            stream.SetLength(length / 2);
        }
        else if (damage == "flip")
        {
            // One byte changed in the middle, the footer left whole: only the checksum can tell.
            var bytes = File.ReadAllBytes(file);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(file, bytes);
        }
        else
        {
            File.WriteAllBytes(file, new byte[length]);
        }

        for (var run = 0; run < 2; run++)
        {
            var (code, output, error) = await HarnessRun.RunAsync("", "ask", "--json", "--verbose", "--knowledge", knowledge.Path, "--index", index.Path, "华为青浦研发中心建得怎么样了？");

            Assert.True(code == 0, error);
            Assert.Contains("基本建成", JsonDocument.Parse(output).RootElement.GetProperty("answer").GetString());
            // Moved aside and rebuilt once; the second start finds the rebuilt index whole.
            Assert.Equal(run == 0, error.Contains("is damaged"));
        }
        Assert.Single(Directory.GetDirectories(index.Path, "broken-*"));
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
