namespace Bot.TestSupport;

/// <summary>Paths of the repository and of the fixtures under <c>tests/fixtures</c>. Tests read nothing outside the repository.</summary>
public static class RepoPaths
{
    /// <summary>The folder that holds <c>Bot.sln</c>.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The test fixtures.</summary>
    public static string Fixtures => Path.Combine(Root, "tests", "fixtures");

    /// <summary>A knowledge folder holding only the seed newspaper page, as it is (the same file as <c>knowledge/</c> ships).</summary>
    public static string SeedKnowledge => Path.Combine(Fixtures, "seed", "knowledge");

    /// <summary>The seed newspaper page, as it is.</summary>
    public static string SeedPage => Path.Combine(SeedKnowledge, "xinmin-2024-01-page.txt");

    /// <summary>Questions on the seed page written for the tests: in scope, out of scope, and one follow-up.</summary>
    public static string SeedQuestions => Path.Combine(Fixtures, "seed", "questions.jsonl");

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
