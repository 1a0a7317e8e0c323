namespace Bot.Core.Common;

/// <summary>Removes a secret (bot token, API key) from text that may reach a log: exception messages can carry request URLs.</summary>
public static class SecretRedactor
{
    /// <summary><paramref name="text"/> with every occurrence of <paramref name="secret"/> replaced.</summary>
    public static string Redact(string? text, string secret) =>
        string.IsNullOrEmpty(text) || string.IsNullOrEmpty(secret) ? text ?? "" : text.Replace(secret, "***", StringComparison.Ordinal);
}
