using Bot.Core.Answering;

namespace Bot.Console.Commands;

/// <summary><c>ask</c>: one question, or with <c>--json</c> and no question, one question a line from standard input.</summary>
internal static class AskCommand
{
    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var json = context.Line.Flags.Contains("--json");
        var withContext = context.Line.Flags.Contains("--context");
        if (withContext && !json)
            throw new ArgumentException("--context goes with --json: bot ask --json --context \"南虹桥签约了多少个项目？\"");
        var question = string.Join(" ", context.Line.Positionals);
        if (!json && context.Line.Positionals.Count == 0)
            throw new ArgumentException("ask needs a question: bot ask \"南虹桥签约了多少个项目？\" (or ask --json and one question a line on stdin)");

        await context.LoadKnowledgeAsync(cancellationToken);
        var answerer = context.Get<IQuestionAnswerer>();

        if (json && context.Line.Positionals.Count == 0)
        {
            while (await context.Input.ReadLineAsync(cancellationToken) is { } line)
                await WriteAsync(await answerer.AnswerAsync(new AnswerRequest(line, WithContext: withContext), cancellationToken));
            return 0;
        }

        await WriteAsync(await answerer.AnswerAsync(new AnswerRequest(question, WithContext: withContext), cancellationToken));
        return 0;

        async Task WriteAsync(Answer answer)
        {
            // --top is Answering:TopSources, which the answer already keeps to; a list of the newest articles cites each.
            if (json)
                await context.Output.WriteLineAsync(JsonOutput.Answer(answer, withContext ? LlmContext(answer) : null));
            else
                TextOutput.Answer(context.Output, answer);
            await context.Output.FlushAsync(cancellationToken);
        }

        // Exactly the passages an LLM is (or would be) given for the question as made standalone: read off the answer's draft.
        static string LlmContext(Answer answer) => GroundedPrompt.Passages(answer.Draft?.Context ?? AnswerContext.Empty);
    }
}
