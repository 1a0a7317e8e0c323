using Bot.Core.Common;
using Bot.Core.Indexing;
using Bot.Core.Semantic;
using Microsoft.Extensions.DependencyInjection;

namespace Bot.Console.Commands;

/// <summary>What every command gets: the services, its command line and the streams.</summary>
internal sealed record CommandContext(IServiceProvider Services, CommandLine Line, TextReader Input, TextWriter Output, TextWriter Error)
{
    public T Get<T>() where T : notnull => Services.GetRequiredService<T>();

    /// <summary>
    /// Loads the knowledge once. Skipped files are said by the load's one warning (the first few); every one of them is
    /// listed on stderr only with <c>--verbose</c>, and always by <c>sources</c>: a folder of thousands of files that
    /// are not articles must not bury each answer under a line apiece.
    /// </summary>
    public async Task<KnowledgeSnapshot> LoadKnowledgeAsync(CancellationToken cancellationToken)
    {
        var snapshot = await Get<IKnowledgeStore>().LoadAsync(cancellationToken);
        if (Line.Flags.Contains("--verbose"))
        {
            foreach (var skipped in snapshot.Skipped)
                await Error.WriteLineAsync($"skipped {LogText.Safe(skipped.Path)}: {LogText.Safe(skipped.Reason)}");
        }
        // With an embedding model, the passages get their vectors before the command asks anything.
        if (Services.GetService<VectorIndexer>() is { } vectors)
        {
            var pass = await vectors.IndexAsync(snapshot, cancellationToken);
            if (pass.Missing > 0)
                await Error.WriteLineAsync($"{pass.Missing} passages have no vector (the embedding model failed): they are found by words only");
        }
        return snapshot;
    }
}
