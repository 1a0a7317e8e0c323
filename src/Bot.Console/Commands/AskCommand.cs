using Bot.Core.Answering;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Bot.Core.Search;
using Microsoft.Extensions.Options;

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
                await context.Output.WriteLineAsync(JsonOutput.Answer(answer, withContext ? await LlmContextAsync(answer) : null));
            else
                TextOutput.Answer(context.Output, answer);
            await context.Output.FlushAsync(cancellationToken);
        }

        // Exactly the passages an LLM would be given for the question (as made standalone), whether or not one is configured.
        async Task<string> LlmContextAsync(Answer answer)
        {
            var analyzed = QuestionAnalyzer.Analyze(answer.StandaloneQuestion ?? answer.Question);
            using var lease = context.Get<IKnowledgeStore>().Acquire();
            var built = await context.Get<ContextBuilder>().BuildAsync(lease.Snapshot, analyzed, context.Get<IOptions<LlmOptions>>().Value.ContextChars, cancellationToken);
            return GroundedPrompt.Passages(built);
        }
    }
}
