using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Core.Options;

/// <summary>An options type bound to a configuration section (several may share one: <c>Feedback</c>).</summary>
/// <param name="Section">The section's name.</param>
/// <param name="Type">The options type bound to it.</param>
internal sealed record SettingsSection(string Section, Type Type);

/// <summary>
/// Names every key of a section that no options type bound to it has: the binder ignores them, so a typo
/// (<c>Answering__MinCoverag=0.9</c>) would leave the default in force without a word. A section written as one value
/// (<c>Answering=5</c>) is named too. Reported by the first type registered for the section, once.
/// </summary>
internal sealed class UnknownSettingsValidator<T>(IConfigurationSection section, IEnumerable<SettingsSection> sections) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var bound = sections.Where(s => s.Section.Equals(section.Key, StringComparison.OrdinalIgnoreCase)).Select(s => s.Type).Distinct().ToList();
        if (bound.FirstOrDefault() != typeof(T))
            return ValidateOptionsResult.Skip;
        var failures = new List<string>();
        if (section.Value is { Length: > 0 } plain)
            failures.Add($"{section.Path} is a section of settings ({section.Path}:{Settable(bound[0]).First().Name} …), not a value ('{plain}').");
        Check(section, bound, failures);
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    // Every child of section must be a property of one of types; a property of a class type is checked within.
    private static void Check(IConfigurationSection section, IReadOnlyList<Type> types, List<string> failures)
    {
        var properties = types.SelectMany(Settable).ToList();
        foreach (var child in section.GetChildren())
        {
            var property = properties.FirstOrDefault(p => p.Name.Equals(child.Key, StringComparison.OrdinalIgnoreCase));
            if (property is null)
            {
                var (near, distance) = properties.Select(p => p.Name).Distinct()
                    .Select(n => (Name: n, Distance: Distance(n.ToLowerInvariant(), child.Key.ToLowerInvariant()))).MinBy(n => n.Distance);
                var hint = near is not null && distance <= Math.Max(2, child.Key.Length / 4) ? $" (did you mean {section.Path}:{near}?)" : "";
                failures.Add($"{child.Path} is not a setting{hint}.");
            }
            else if (IsSection(property.PropertyType))
            {
                Check(child, [property.PropertyType], failures);
            }
            else if (property.PropertyType.IsArray)
            {
                // A list's entries are values: "Telegram:AllowedChatIds:0:a" is none the binder reads.
                foreach (var entry in child.GetChildren().Where(e => e.GetChildren().Any()))
                    failures.Add($"{entry.Path} is one value of the list {child.Path}, not a section.");
            }
            else if (child.GetChildren().Any())
            {
                // "Answering:TimeZone:0" or "Llm:Provider:X": the binder reads neither, and the default stays in force.
                failures.Add($"{child.Path} is one value, not a list or a section (write {child.Path}=…).");
            }
        }
    }

    private static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod is { IsPublic: true } || IsSection(p.PropertyType) || p.PropertyType.IsArray);

    // A property bound as a section of its own: a class of settings, not a value or a list of values.
    private static bool IsSection(Type type) =>
        type.IsClass && type != typeof(string) && !type.IsArray && !typeof(System.Collections.IEnumerable).IsAssignableFrom(type);

    // Levenshtein distance, for the nearest setting's name.
    private static int Distance(string a, string b)
    {
        var row = Enumerable.Range(0, b.Length + 1).ToArray();
        for (var i = 1; i <= a.Length; i++)
        {
            var diagonal = row[0];
            row[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var above = row[j];
                row[j] = Math.Min(Math.Min(row[j] + 1, row[j - 1] + 1), diagonal + (a[i - 1] == b[j - 1] ? 0 : 1));
                diagonal = above;
            }
        }
        return row[b.Length];
    }
}
