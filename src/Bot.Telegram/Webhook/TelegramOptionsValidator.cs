using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace Bot.Telegram.Webhook;

/// <summary>The rules between Telegram settings that attributes cannot state: what webhook mode needs.</summary>
public sealed partial class TelegramOptionsValidator : IValidateOptions<TelegramOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, TelegramOptions options)
    {
        if (!options.IsWebhook)
            return ValidateOptionsResult.Success;
        if (string.IsNullOrWhiteSpace(options.WebhookUrl))
            return ValidateOptionsResult.Fail("Telegram:WebhookUrl is required when Telegram:Mode is webhook (the public HTTPS URL Telegram posts updates to).");
        if (!Uri.TryCreate(options.WebhookUrl, UriKind.Absolute, out var url) || url.Scheme != Uri.UriSchemeHttps && !(url.Scheme == Uri.UriSchemeHttp && url.IsLoopback))
            return ValidateOptionsResult.Fail("Telegram:WebhookUrl must be an absolute https URL (Telegram posts only to HTTPS).");
        if (string.IsNullOrEmpty(options.WebhookSecret) || !SecretShape().IsMatch(options.WebhookSecret))
            return ValidateOptionsResult.Fail("Telegram:WebhookSecret is required in webhook mode: 1 to 256 characters of A-Z, a-z, 0-9, _ and - (set Telegram__WebhookSecret).");
        return ValidateOptionsResult.Success;
    }

    // Telegram's rule for secret_token.
    [GeneratedRegex("^[A-Za-z0-9_-]{1,256}$")]
    private static partial Regex SecretShape();
}
