using Bot.Core.Options;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Hosting;

/// <summary>
/// The one rule of every entry point: before anything starts, every options section registered with
/// <c>ValidateOnStart</c> is bound and validated; a bad value gives one line naming the key, and the program exits with 2.
/// </summary>
public static partial class ConfigurationCheck
{
    /// <summary>The exit code of a program stopped by bad configuration.</summary>
    public const int ExitCode = 2;

    /// <summary>Validates every section of <paramref name="services"/>; null when all are valid, else one line naming the key(s).</summary>
    public static string? Validate(IServiceProvider services)
    {
        try
        {
            services.GetService<IStartupValidator>()?.Validate();
            return null;
        }
        catch (Exception e) when (LineFor(e) is { } line)
        {
            return line;
        }
    }

    /// <summary>
    /// Throws an <see cref="OptionsValidationException"/> naming each <c>Logging:…:LogLevel:…</c> value of
    /// <paramref name="configuration"/> that is not a log level. Checked before the host is built: the logging library's
    /// own error ("Configuration value 'Loud' is not supported.") names no key and ends the program unhandled.
    /// </summary>
    public static void CheckLogLevels(IConfiguration configuration)
    {
        var failures = configuration.GetSection("Logging").AsEnumerable()
            .Where(kv => kv.Value is not null && kv.Key.Split(':').Contains("LogLevel", StringComparer.OrdinalIgnoreCase)
                && !Enum.TryParse<LogLevel>(kv.Value, ignoreCase: true, out _))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => $"{kv.Key} must be Trace, Debug, Information, Warning, Error, Critical or None (not '{kv.Value}').")
            .ToList();
        if (failures.Count > 0)
            throw new OptionsValidationException("Logging", typeof(LogLevel), failures);
    }

    /// <summary>The line a program prints for configuration failure <paramref name="e"/>, or null when it is not one.</summary>
    public static string? LineFor(Exception e) => Describe(e) is { } message ? "Configuration error: " + message : null;

    /// <summary>
    /// The one-line description of a configuration failure (bad value, value of the wrong type, unreadable settings file),
    /// or null when <paramref name="e"/> is not one.
    /// </summary>
    private static string? Describe(Exception e)
    {
        var parts = e switch
        {
            OptionsValidationException v => v.Failures.Select(Plain),
            AggregateException a when a.InnerExceptions.All(i => Describe(i) is not null) => a.InnerExceptions.Select(i => Describe(i)!),
            // Binding "abc" to a number: "Failed to convert configuration value 'abc' at 'Knowledge:PassageChars' to type 'System.Int32'."
            InvalidOperationException when ConversionFailure().Match(e.Message) is { Success: true } m =>
                [$"{m.Groups["key"].Value} must be {SettingValue.Kind(m.Groups["type"].Value)} (not '{m.Groups["value"].Value}')."],
            // A settings file that is not JSON.
            InvalidDataException => [e.InnerException is null ? e.Message : $"{e.Message} {e.InnerException.Message}"],
            _ => null,
        };
        return parts is null ? null : string.Join(" ", parts).ReplaceLineEndings(" ");
    }

    // Data annotations wrap our message: "DataAnnotation validation failed for 'X' members: 'Y' with the error: '<message>'."
    private static string Plain(string failure)
    {
        var messages = AnnotationMessage().Matches(failure).Select(m => m.Groups[1].Value).ToList();
        return messages.Count > 0 ? string.Join(" ", messages) : failure;
    }


    [GeneratedRegex(@"^Failed to convert configuration value '(?<value>.*)' at '(?<key>[^']+)' to type '(?<type>[^']+)'")]
    private static partial Regex ConversionFailure();

    [GeneratedRegex(@"with the error: '(.*?)'\.?(?=;|$| DataAnnotation)")]
    private static partial Regex AnnotationMessage();
}
