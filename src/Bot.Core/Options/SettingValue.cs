namespace Bot.Core.Options;

/// <summary>How a setting's expected kind of value is named in a configuration error ("a whole number").</summary>
internal static class SettingValue
{
    /// <summary>The words for a value of .NET type <paramref name="type"/> (its full name, as the binder's errors give it).</summary>
    public static string Kind(string type) => type switch
    {
        "System.Int32" or "System.Int64" => "a whole number",
        "System.Double" or "System.Single" or "System.Decimal" => "a number",
        "System.Boolean" => "true or false",
        "System.TimeSpan" => "a duration such as 00:00:20",
        _ when type.EndsWith("[]", StringComparison.Ordinal) => "a list of " + Kind(type[..^2]) + " values",
        _ => "of type " + type,
    };
}
