namespace Bot.TestSupport;

/// <summary>Paths of the repository and of the read-only <c>shared/</c> folder beside it.</summary>
public static class RepoPaths
{
    /// <summary>The folder that holds <c>Bot.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The shared folder (<c>../shared</c> from the repository).</summary>
    public static string Shared => Path.GetFullPath(Path.Combine(Root, "..", "shared"));

    /// <summary>The seed newspaper page, as it is.</summary>
    public static string SeedPage => Directory.GetFiles(Path.Combine(Shared, "seeds"), "*.txt").Order().First();

    /// <summary>The seed dev questions.</summary>
    public static string SeedQuestions => Path.Combine(Shared, "eval", "seed", "dev_questions.jsonl");

    /// <summary>The repository's knowledge folder.</summary>
    public static string Knowledge => Path.Combine(Root, "knowledge");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Bot.sln")))
                return dir.FullName;
        }
        throw new InvalidOperationException("Bot.sln not found above " + AppContext.BaseDirectory);
    }
}
