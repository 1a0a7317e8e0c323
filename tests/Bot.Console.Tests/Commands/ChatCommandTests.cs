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

    [Fact]
    public async Task Chat_HelpAndAMistypedCommand_AreNotTakenForQuestions()
    {
        var (code, output, _) = await HarnessRun.RunAsync("/Help me\n/resett\n/QUIT now\n这句不会被回答\n", "chat", "--knowledge", RepoPaths.SeedKnowledge, "--index", "memory");

        Assert.Equal(0, code);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.StartsWith("Ask a question about the articles; /reset starts over", lines[1]);
        Assert.Equal("(unknown command /resett; /help lists them)", lines[2]);
        Assert.Equal(3, lines.Length);
    }
}

public sealed class ChatCommandWatchTests
{
    [Fact]
    public async Task Chat_AFileDroppedIntoTheKnowledgeMeanwhile_IsAnsweredFrom()
    {
        using var folder = new TempFolder();
        File.Copy(RepoPaths.SeedPage, Path.Combine(folder.Path, "page.txt"));
        var reloaded = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var error = new SignallingWriter("Knowledge reloaded", reloaded);
        var input = new ScriptedReader(async () =>
        {
            folder.Write("panda.txt", "大熊猫回到动物园\n两只大熊猫昨天回到上海动物园，游客可以在熊猫馆看到它们。\n");
            await reloaded.Task.WaitAsync(TimeSpan.FromSeconds(60));
            return "大熊猫回到了哪个动物园？";
        });
        var output = new StringWriter();

        var code = await Harness.RunAsync(["chat", "--knowledge", folder.Path, "--index", "memory", "--verbose"], input, output, error, null);

        Assert.Equal(0, code);
        Assert.Contains("上海动物园", output.ToString());
    }

    // One line from a script that may wait (for a file to be read in), then the end of input.
    private sealed class ScriptedReader(Func<Task<string>> first) : TextReader
    {
        private bool _done;

        public override async ValueTask<string?> ReadLineAsync(CancellationToken cancellationToken)
        {
            if (_done)
                return null;
            _done = true;
            return await first();
        }
    }

    // Sets the signal once a line containing the text is written (the log is written from the watcher's thread).
    private sealed class SignallingWriter(string text, TaskCompletionSource signal) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            lock (this)
                base.WriteLine(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true)
                signal.TrySetResult();
        }

        public override void Write(string? value)
        {
            lock (this)
                base.Write(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true)
                signal.TrySetResult();
        }
    }
}
