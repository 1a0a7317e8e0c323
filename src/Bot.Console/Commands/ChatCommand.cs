using Bot.Core.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Bot.Core.Answering;

namespace Bot.Console.Commands;

/// <summary><c>chat</c>: an interactive loop that keeps the conversation for follow-up questions.</summary>
internal static class ChatCommand
{
    private const string Commands = "/reset starts over, sources lists the articles, reload rescans the knowledge, /help shows this, /quit ends.";

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var snapshot = await context.LoadKnowledgeAsync(cancellationToken);
        // A chat lasts: files dropped into the knowledge folder meanwhile are read in, as the host does (Knowledge:Watch).
        var watcher = context.Services.GetServices<IHostedService>().OfType<KnowledgeWatcher>().FirstOrDefault();
        if (watcher is not null)
            await watcher.StartAsync(cancellationToken);
        try
        {
            return await ChatAsync(context, snapshot.Articles.Count, cancellationToken);
        }
        finally
        {
            if (watcher is not null)
                await watcher.StopAsync(CancellationToken.None);
        }
    }

    private static async Task<int> ChatAsync(CommandContext context, int articles, CancellationToken cancellationToken)
    {
        var conversations = context.Get<Conversations>();
        var asker = new Asker("console");
        var interactive = ReferenceEquals(context.Input, System.Console.In) && !System.Console.IsInputRedirected;

        await context.Output.WriteLineAsync($"{articles} articles loaded. Ask a question; {Commands}");
        while (!cancellationToken.IsCancellationRequested)
        {
            if (interactive)
                await context.Output.WriteAsync("> ");
            var line = await context.Input.ReadLineAsync(cancellationToken);
            if (line is null)
                break;
            line = line.Trim();
            // A command is its first word, in any case: "/Quit now" quits.
            switch ((line.StartsWith('/') ? line.Split(' ', 2)[0] : line).ToLowerInvariant())
            {
                case "":
                    continue;
                case "/quit" or "/exit" or "quit" or "exit":
                    return 0;
                case "/reset" or "reset":
                    await conversations.ResetAsync(asker.Conversation, cancellationToken);
                    await context.Output.WriteLineAsync("(conversation cleared)");
                    continue;
                case "/reload" or "reload":
                    var reloaded = await context.Get<Bot.Core.Indexing.IKnowledgeStore>().LoadAsync(cancellationToken);
                    await context.Output.WriteLineAsync($"(reloaded: {reloaded.Articles.Count} articles; {reloaded.Changes})");
                    continue;
                case "/sources" or "sources":
                    await SourcesCommand.WriteAsync(context, context.Get<Bot.Core.Indexing.IKnowledgeStore>().Current);
                    continue;
                case "/help" or "help" or "/start":
                    await context.Output.WriteLineAsync($"Ask a question about the articles; {Commands}");
                    continue;
                case ['/', ..]:
                    // A command mistyped is not a question to answer.
                    await context.Output.WriteLineAsync($"(unknown command {line.Split(' ')[0]}; /help lists them)");
                    continue;
            }

            // Tokens are printed as they arrive, by a printer of their own; the sources follow the final answer.
            var streamed = "";
            var latest = new LatestText();
            var printer = Task.Run(async () =>
            {
                await foreach (var partial in latest.ReadAllAsync(cancellationToken))
                {
                    await context.Output.WriteAsync(partial[streamed.Length..]);
                    await context.Output.FlushAsync(cancellationToken);
                    streamed = partial;
                }
            }, cancellationToken);
            Answer answer;
            try
            {
                answer = await conversations.AskAsync(asker, line, latest, cancellationToken);
            }
            finally
            {
                latest.Complete();
                await printer;
            }
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
        }
        return 0;
    }
}
