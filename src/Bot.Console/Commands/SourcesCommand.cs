using Bot.Core.Indexing;

namespace Bot.Console.Commands;

/// <summary><c>sources</c>: the articles loaded and the files skipped.</summary>
internal static class SourcesCommand
{
    private const int MaxListed = 50;

    public static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        await WriteAsync(context, await context.LoadKnowledgeAsync(cancellationToken));
        return 0;
    }

    public static async Task WriteAsync(CommandContext context, KnowledgeSnapshot snapshot)
    {
        var output = context.Output;
        await output.WriteLineAsync($"{snapshot.Articles.Count} articles in {snapshot.Files.Count} files, {snapshot.Passages.Count} passages:");
        foreach (var a in snapshot.Articles.Take(MaxListed))
            await output.WriteLineAsync($"  {a.Title} ({a.Id}{(a.Date is { } d ? $", {d:yyyy-MM-dd} from {a.DateSource ?? "?"}" : ", undated")})");
        if (snapshot.Articles.Count > MaxListed)
            await output.WriteLineAsync($"  … and {snapshot.Articles.Count - MaxListed} more");
        if (snapshot.Skipped.Count > 0)
        {
            await output.WriteLineAsync($"{snapshot.Skipped.Count} files skipped:");
            foreach (var s in snapshot.Skipped)
                await output.WriteLineAsync($"  {s.Path}: {s.Reason}");
        }
    }
}
