using Bot.Core.Answering;

namespace Bot.Console;

/// <summary>How an answer reads in a terminal.</summary>
internal static class TextOutput
{
    public static void Answer(TextWriter output, Answer answer)
    {
        if (answer.Note is not null)
            output.WriteLine($"({answer.Note})");
        output.WriteLine(answer.Marked);
        Sources(output, answer);
    }

    public static void Sources(TextWriter output, Answer answer)
    {
        if (answer.Sources.Count == 0)
            return;
        output.WriteLine();
        output.WriteLine(TextCatalog.Default.Get(TextCatalog.Default.LanguageOfText(answer.Question), "answer.sources"));
        foreach (var (line, source) in answer.SourceLines.Zip(answer.Sources))
            output.WriteLine($"  {line}  {source.Path}");
        if (answer.RelatedLine is not null)
            output.WriteLine(answer.RelatedLine);
    }
}
