namespace Bot.Console;

/// <summary>The parsed command line: a command, its positional words, flags and valued options.</summary>
internal sealed record CommandLine(string Command, IReadOnlyList<string> Positionals, IReadOnlySet<string> Flags, IReadOnlyDictionary<string, string> Values)
{
    // Options that are on when given and take no value: "--json=true" is refused, not read as an unknown valued option.
    private static readonly HashSet<string> FlagOptions = ["--json", "--verbose", "--help", "--context", "--compare", "--split", "--roles", "--trees", "--same-process", "--serve-only"];

    private static readonly HashSet<string> ValuedOptions = ["--knowledge", "--index", "--top", "--limit", "--out", "--runs", "--concurrency", "--questions", "--warmup", "--articles", "--sentence-model", "--export", "--seed", "--now", "--scale", "--update", "--vectors", "--dimensions", "--keep", "--texts", "--expansions", "--connectivity", "--expansion-add"];

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        var positionals = new List<string>();
        var flags = new HashSet<string>();
        var values = new Dictionary<string, string>();
        string? command = null;
        for (var i = 0; i < args.Count; i++)
        {
            var a = args[i];
            if (a == "--")
            {
                positionals.AddRange(args.Skip(i + 1));
                break;
            }
            if (a.StartsWith("--", StringComparison.Ordinal) && a.Length > 2)
            {
                var eq = a.IndexOf('=');
                if (eq > 0 && FlagOptions.Contains(a[..eq]))
                {
                    throw new ArgumentException($"{a[..eq]} takes no value: write {a[..eq]}, not {a}.");
                }
                if (eq > 0)
                {
                    values[a[..eq]] = a[(eq + 1)..];
                }
                else if (ValuedOptions.Contains(a))
                {
                    if (i + 1 >= args.Count)
                        throw new ArgumentException($"{a} needs a value.");
                    values[a] = args[++i];
                }
                else
                {
                    flags.Add(a);
                }
                continue;
            }
            if (command is null)
                command = a;
            else
                positionals.Add(a);
        }
        // No command is bad usage (exit 2), unlike an explicit help.
        return new CommandLine(command ?? "", positionals, flags, values);
    }

    /// <summary>The whole number given to option <paramref name="name"/>; <paramref name="setting"/>, when given, is the configuration key it overrides.</summary>
    public int GetInt(string name, int fallback, int min = 1, int max = int.MaxValue, string? setting = null)
    {
        if (!Values.TryGetValue(name, out var raw))
            return fallback;
        if (!int.TryParse(raw, out var value) || value < min || value > max)
            throw new ArgumentException($"{name} takes a whole number from {min} to {max}{(setting is null ? "" : $" ({setting})")}, not '{raw}'.");
        return value;
    }
}
