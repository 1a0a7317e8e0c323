namespace Bot.Console.Tests;

/// <summary>Runs the harness in-process with captured streams.</summary>
internal static class HarnessRun
{
    public static Task<(int Code, string Output, string Error)> RunAsync(string input, params string[] args) =>
        RunWithSettingsAsync(input, null, args);

    public static async Task<(int Code, string Output, string Error)> RunWithSettingsAsync(string input, IDictionary<string, string?>? settings, params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var code = await Harness.RunAsync(args, new StringReader(input), output, error, settings);
        return (code, output.ToString(), error.ToString());
    }
}
