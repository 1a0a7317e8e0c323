using Bot.Core.Answering;

namespace Bot.Console.Commands;

/// <summary><c>chat</c>: an interactive loop that keeps the conversation for follow-up questions.</summary>
internal static class ChatCommand
{
    private const int MaxTurns = 6;

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.LoadKnowledgeAsync(cancellationToken);
        var answerer = context.Get<IQuestionAnswerer>();
        var interactive = ReferenceEquals(context.Input, System.Console.In) && !System.Console.IsInputRedirected;
        var history = new List<ConversationTurn>();

        await context.Output.WriteLineAsync($"{snapshot.Articles.Count} articles loaded. Ask a question; /reset starts over, sources lists the articles, reload rescans the knowledge, /quit ends.");
        while (!cancellationToken.IsCancellationRequested)
        {
            if (interactive)
                await context.Output.WriteAsync("> ");
            var line = await context.Input.ReadLineAsync(cancellationToken);
            if (line is null)
                break;
            line = line.Trim();
            switch (line)
            {
                case "":
                    continue;
                case "/quit" or "/exit" or "quit" or "exit":
                    return 0;
                case "/reset" or "reset":
                    history.Clear();
                    await context.Output.WriteLineAsync("(conversation cleared)");
                    continue;
                case "/reload" or "reload":
                    var reloaded = await context.Get<Bot.Core.Knowledge.IKnowledgeStore>().LoadAsync(cancellationToken);
                    await context.Output.WriteLineAsync($"(reloaded: {reloaded.Articles.Count} articles; {reloaded.Changes})");
                    continue;
                case "/sources" or "sources":
                    await SourcesCommand.WriteAsync(context, context.Get<Bot.Core.Knowledge.IKnowledgeStore>().Current);
                    continue;
            }

            var streamed = "";
            var answer = await answerer.AnswerStreamingAsync(line, history, async partial =>
            {
                // Tokens are printed as they arrive; the sources follow the final answer.
                await context.Output.WriteAsync(partial[streamed.Length..]);
                await context.Output.FlushAsync(cancellationToken);
                streamed = partial;
            }, cancellationToken);
            if (streamed.Length > 0 && answer.Note is null)
            {
                // The streamed text had the model's citation numbers; the final text has them mapped to the sources.
                await context.Output.WriteLineAsync();
                if (answer.Text != streamed.Trim())
                    await context.Output.WriteLineAsync(answer.Text);
                TextOutput.Sources(context.Output, answer);
            }
            else
            {
                TextOutput.Answer(context.Output, answer);
            }
            await context.Output.WriteLineAsync();
            if (answer.Status != AnswerStatus.Invalid)
            {
                history.Add(new ConversationTurn(line, answer.StandaloneQuestion ?? line, answer.Text));
                if (history.Count > MaxTurns)
                    history.RemoveAt(0);
            }
        }
        return 0;
    }
}
