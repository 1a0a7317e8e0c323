using System.Text;
using Bot.Console.Commands;
using Bot.Core;
using Bot.Core.Common;
using Bot.Core.Hosting;
using Bot.Core.Options;
using Bot.Core.Search;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Bot.Console;

/// <summary>The console harness: parses the command line, builds the same services as the host, runs one command.</summary>
public static class Harness
{
    private const string Usage = """
        usage: bot <command> [options]

        commands:
          ask [--json] [--top N] "<question>"   answer one question (ask --json without a question: one question a line from stdin)
          chat [--top N]                         ask questions interactively (/reset, sources, reload, /help, /quit)
          eval <questions.jsonl> [--json] [--limit N] [--top N] [--out results.jsonl] [--compare] [--split]
                                                 measure retrieval and answers against a question set
                                                 (--compare: with the embedding/rerank models and without, side by side;
                                                 --split: the LLM context fitted on half the questions, measured on the rest)
          sources                                list the loaded articles and the skipped files
          feedback [--export questions.jsonl]    users' ratings and the questions most often declined or rated 👎;
                                                 --export writes those questions in the eval format
          fit <questions.jsonl> [--out model.json] [--trees]
                                                 learn the answer sentences' weights from half the set, measure on the rest
          nearmiss <questions.jsonl> --out nearmiss.jsonl [--seed N] [--roles]
                                                 a set to decline: each question's place or organisation swapped for an
                                                 invented one that no article holds (--roles: the role or attribute it
                                                 asks for swapped for one its articles never state)
          ocr <picture or pdf> [--json]          what OCR reads from a page and the articles it would split into,
                                                 with their characters and confidences (nothing is added)
          bench [--questions q.jsonl] [--articles N | --scale N [--seed S] [--update N]] [--runs N] [--warmup N] [--concurrency N] [--same-process] [--keep DIR] [--json]
                                                 index build time; then, in a fresh process (or the same one), reopen
                                                 time, answer latency and throughput, memory; --keep leaves the
                                                 corpus and index in DIR (new or empty) for bench --serve-only
          bench --vectors N[,N2…] [--dimensions 1024] [--seed S] [--runs Q] [--topics=T | --texts corpus.jsonl.gz --questions q.jsonl]
                [--expansions E[,E2…]] [--connectivity M] [--expansion-add A] [--folder=DIR] [--minutes=M]
                                                 the vector search alone on N made-up vectors (clusters, or
                                                 passages of a corpus as hashed bigrams): exact against the HNSW
                                                 index (recall@10 against exact, by rows and with ties, for each
                                                 search list, on a graph of degree M built
                                                 with lists of A; latency, build, memory)

        options for every command:
          --knowledge <folder or file>           where the articles are (default: Knowledge:Path in appsettings.json)
          --index <folder|memory>                where the index is kept (default: Knowledge:IndexPath)
          --sentence-model <file.json>           score answer sentences with these weights (written by fit)
          --now <2024-01-11T09:00>               the clock "今天", "上周" and "yesterday" are said from (ask, chat, eval)
          --verbose                              log what happens to stderr
        """;

    // Each command: what runs it, and the options it reads besides those of every command. Any other option is bad usage,
    // named, rather than ignored.
    private static readonly string[] EveryCommand = ["--knowledge", "--index", "--sentence-model", "--now", "--verbose", "--help"];
    private static readonly Dictionary<string, (Func<CommandContext, CancellationToken, Task<int>> Run, string[] Options)> Commands = new()
    {
        ["ask"] = (AskCommand.RunAsync, ["--json", "--context", "--top"]),
        ["chat"] = (ChatCommand.RunAsync, ["--top"]),
        ["eval"] = (EvalCommand.RunAsync, ["--json", "--limit", "--out", "--compare", "--split", "--top"]),
        ["sources"] = (SourcesCommand.RunAsync, []),
        ["feedback"] = (FeedbackCommand.RunAsync, ["--export"]),
        ["fit"] = (FitCommand.RunAsync, ["--out", "--trees"]),
        ["nearmiss"] = (NearMissCommand.RunAsync, ["--out", "--roles", "--seed"]),
        ["ocr"] = (OcrCommand.RunAsync, ["--json"]),
        ["bench"] = (BenchCommand.RunAsync, ["--questions", "--articles", "--scale", "--seed", "--update", "--runs", "--warmup", "--concurrency", "--same-process", "--keep", "--json", "--serve-only",
            "--vectors", "--dimensions", "--topics", "--texts", "--expansions", "--connectivity", "--expansion-add", "--folder", "--minutes"]),
    };

    /// <summary>
    /// Runs the harness with the given streams; returns the process exit code (0 ok, 1 failure, 2 bad usage or configuration).
    /// <paramref name="settings"/> go over <c>appsettings.json</c> and the environment (tests and tools).
    /// </summary>
    public static async Task<int> RunAsync(string[] args, TextReader input, TextWriter output, TextWriter error, IDictionary<string, string?>? settings = null, CancellationToken cancellationToken = default)
    {
        if (ReferenceEquals(output, System.Console.Out))
            System.Console.OutputEncoding = Encoding.UTF8;

        CommandLine line;
        try
        {
            line = CommandLine.Parse(args);
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message + "\n\n" + Usage);
            return 2;
        }
        if (line.Command is "help" or "-h" || (line.Command.Length == 0 && line.Flags.Contains("--help")))
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        if (line.Command.Length == 0)
        {
            await error.WriteLineAsync("No command given.\n\n" + Usage);
            return 2;
        }
        if (!Commands.TryGetValue(line.Command, out var command))
            return await UnknownAsync(line.Command, error);
        if (line.Flags.Contains("--help") || line.Positionals is ["-h", ..])
        {
            await output.WriteLineAsync(Usage);
            return 0;
        }
        if (line.Flags.Concat(line.Values.Keys).FirstOrDefault(o => !command.Options.Contains(o) && !EveryCommand.Contains(o)) is { } unknown)
        {
            await error.WriteLineAsync($"Unknown option '{LogText.Safe(unknown)}' for {line.Command}.\n\n{Usage}");
            return 2;
        }

        IHost host;
        try
        {
            host = BuildHost(line, error, settings);
        }
        catch (Exception e) when (ConfigurationCheck.LineFor(e) is { } message)
        {
            await error.WriteLineAsync(message);
            return ConfigurationCheck.ExitCode;
        }
        catch (ArgumentException e)
        {
            await error.WriteLineAsync(e.Message);
            return 2;
        }
        if (ConfigurationCheck.Validate(host.Services) is { } invalid)
        {
            host.Dispose();
            await error.WriteLineAsync(invalid);
            return ConfigurationCheck.ExitCode;
        }

        using (host)
        {
            var context = new CommandContext(host.Services, line, input, output, error);
            try
            {
                return await command.Run(context, cancellationToken);
            }
            catch (ArgumentException e)
            {
                await error.WriteLineAsync(e.Message);
                return 2;
            }
            catch (Exception e) when (e is DirectoryNotFoundException or FileNotFoundException or FormatException)
            {
                await error.WriteLineAsync(e.Message);
                return 1;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                await error.WriteLineAsync(line.Flags.Contains("--verbose") ? $"error: {e}" : $"error: {e.Message}");
                return 1;
            }
        }
    }

    private static async Task<int> UnknownAsync(string command, TextWriter error)
    {
        await error.WriteLineAsync($"Unknown command '{command}'.\n\n{Usage}");
        return 2;
    }

    // A model file that cannot be read or is not a model is bad usage, named by its option.
    private static SentenceModel ReadSentenceModel(string path)
    {
        try
        {
            return SentenceModel.FromJson(File.ReadAllText(path));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or System.Text.Json.JsonException)
        {
            throw new ArgumentException($"--sentence-model: {e.Message}", e);
        }
    }

    /// <summary>The time zone a moment typed without an offset is in: Answering:TimeZone (an unknown one is reported at start).</summary>
    internal static TimeZoneInfo Zone(IConfiguration configuration) =>
        TimeZoneInfo.TryFindSystemTimeZoneById(configuration[$"{AnsweringOptions.SectionName}:{nameof(AnsweringOptions.TimeZone)}"] ?? new AnsweringOptions().TimeZone, out var zone)
            ? zone
            : TimeZoneInfo.Utc;

    // A path option's value; an empty one is bad usage named by the option, not the framework's "(Parameter 'path')".
    private static string? PathOption(CommandLine line, string name, string what) => line.Values.TryGetValue(name, out var value)
        ? string.IsNullOrWhiteSpace(value) ? throw new ArgumentException($"{name} takes {what}, not an empty value.") : value
        : null;

    /// <summary>Builds the services as the host does, with the command line's overrides and <paramref name="extra"/> on top.</summary>
    internal static IHost BuildHost(CommandLine line, TextWriter error, IDictionary<string, string?>? extra = null)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
        {
            ContentRootPath = ContentRoot.Find(),
            Args = [],
        });
        var overrides = new Dictionary<string, string?>();
        if (PathOption(line, "--knowledge", "a folder or file") is { } knowledge)
            overrides[$"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.Path)}"] = Path.GetFullPath(knowledge);
        if (PathOption(line, "--index", "a folder or memory") is { } index)
            overrides[$"{KnowledgeOptions.SectionName}:{nameof(KnowledgeOptions.IndexPath)}"] = index == "memory" ? index : Path.GetFullPath(index);
        // Checked here, so that a bad value is named by the option typed rather than by the setting it overrides.
        if (line.Values.ContainsKey("--top"))
            overrides[$"{AnsweringOptions.SectionName}:{nameof(AnsweringOptions.TopSources)}"] = line.GetInt("--top", 0, 1, 20, "Answering:TopSources").ToString(System.Globalization.CultureInfo.InvariantCulture);
        foreach (var kv in extra ?? new Dictionary<string, string?>())
            overrides[kv.Key] = kv.Value;
        builder.Configuration.AddInMemoryCollection(overrides);
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new TextWriterLoggerProvider(error));
        // A provider rule outranks the Logging section of appsettings.json, which is meant for the host.
        builder.Logging.AddFilter<TextWriterLoggerProvider>(null, line.Flags.Contains("--verbose") ? LogLevel.Information : LogLevel.Warning);
        // And outranks Bot.Core's silencing of the embedding generator's own error per failed call (with its stack): the
        // guard's one warning an outage is what the console shows, as the host does.
        builder.Logging.AddFilter<TextWriterLoggerProvider>("Microsoft.Extensions.AI", LogLevel.None);
        if (PathOption(line, "--sentence-model", "a model file written by fit") is { } model)
            builder.Services.AddSingleton(RankingWeights.Default with { Sentence = ReadSentenceModel(model) });
        // The clock relative dates are resolved against: --now, or an eval question's "now", sets it.
        var clock = new ConsoleClock();
        if (line.Values.TryGetValue("--now", out var now))
            clock.Set(ConsoleClock.Parse(now, "--now", Zone(builder.Configuration)));
        builder.Services.AddSingleton(clock);
        builder.Services.AddSingleton<TimeProvider>(clock);
        builder.Services.AddBotCore(builder.Configuration);
        ConfigurationCheck.CheckLogLevels(builder.Configuration);
        return builder.Build();
    }
}
