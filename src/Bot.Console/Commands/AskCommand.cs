using Bot.Core.Answering;
using Bot.Core.Options;
using Microsoft.Extensions.Options;

namespace Bot.Console.Commands;

/// <summary><c>ask</c>: one question, or with <c>--json</c> and no question, one question a line from standard input.</summary>
internal static class AskCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var json = context.Line.Flags.Contains("--json");
        var top = context.Line.GetInt("--top", context.Get<IOptions<AnsweringOptions>>().Value.TopSources, 1, 20);
        var question = string.Join(" ", context.Line.Positionals);
        if (!json && context.Line.Positionals.Count == 0)
            throw new ArgumentException("ask needs a question: bot ask \"南虹桥签约了多少个项目？\" (or ask --json and one question a line on stdin)");

        await context.LoadKnowledgeAsync(cancellationToken);
        var answerer = context.Get<IQuestionAnswerer>();

        if (json && context.Line.Positionals.Count == 0)
        {
            while (await context.Input.ReadLineAsync(cancellationToken) is { } line)
                await WriteAsync(await answerer.AnswerAsync(line, null, cancellationToken));
            return 0;
        }

        await WriteAsync(await answerer.AnswerAsync(question, null, cancellationToken));
        return 0;

        async Task WriteAsync(Answer answer)
        {
            answer = answer with { Sources = answer.Sources.Take(top).ToList() };
            if (json)
                await context.Output.WriteLineAsync(JsonOutput.Answer(answer));
            else
                TextOutput.Answer(context.Output, answer);
            await context.Output.FlushAsync(cancellationToken);
        }
    }
}
