using Bot.Core.Answering;

namespace Bot.Console;

/// <summary>How an answer reads in a terminal.</summary>
internal static class TextOutput
{
    public static void Answer(TextWriter output, Answer answer)
    {
        if (answer.Note is not null)
            output.WriteLine($"({answer.Note})");
        output.WriteLine(answer.Text);
        Sources(output, answer);
    }

    public static void Sources(TextWriter output, Answer answer)
    {
        if (answer.Sources.Count == 0)
            return;
        output.WriteLine();
        output.WriteLine(answer.Answered ? "来源 / Sources:" : "相关文章 / Nearest articles:");
        for (var i = 0; i < answer.Sources.Count; i++)
        {
            var s = answer.Sources[i];
            var date = s.Date is { } d ? $", {d:yyyy-MM-dd}" : "";
            output.WriteLine($"  [{i + 1}] {s.Title} ({s.Path}{date})");
        }
    }
}
