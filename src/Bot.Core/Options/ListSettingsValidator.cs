using System.ComponentModel;
using System.Globalization;
using System.Reflection;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Bot.Core.Options;

/// <summary>
/// Checks the list settings of <typeparamref name="T"/> (<c>Telegram:AllowedChatIds</c>…) as written, which the
/// configuration binder does not: it drops an element it cannot convert and ignores a plain value where a list belongs,
/// both without a word. For an allow-list that meant a bot open to every chat. Each element must convert, and a list is
/// written as elements (<c>Telegram__AllowedChatIds__0=…</c>, or a JSON array), not as one value.
/// </summary>
internal sealed class ListSettingsValidator<T>(IConfigurationSection section) : IValidateOptions<T>
    where T : class
{
    private static readonly PropertyInfo[] Lists = typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .Where(p => p.PropertyType.IsArray && p.PropertyType.GetElementType() is { } e && (e.IsPrimitive || e == typeof(string)))
        .ToArray();

    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<string>();
        foreach (var list in Lists)
        {
            var setting = section.GetSection(list.Name);
            var element = list.PropertyType.GetElementType()!;
            if (setting.Value is { Length: > 0 } plain)
                failures.Add($"{setting.Path} is a list: write each value as {setting.Path}:0, {setting.Path}:1 … (environment: {setting.Path.Replace(":", "__", StringComparison.Ordinal)}__0), not '{plain}'.");
            var converter = TypeDescriptor.GetConverter(element);
            foreach (var item in setting.GetChildren())
            {
                if (element == typeof(string) || item.Value is null)
                    continue;
                try
                {
                    converter.ConvertFromString(null, CultureInfo.InvariantCulture, item.Value);
                }
                catch (Exception e) when (e is FormatException or NotSupportedException or ArgumentException || e.InnerException is FormatException or OverflowException)
                {
                    failures.Add($"{item.Path} must be {SettingValue.Kind(element.FullName!)} (not '{item.Value}').");
                }
            }
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
