using System.Text.Json;
using Telegram.Bot;
using Telegram.Bot.Types;

namespace Bot.Telegram.Webhook;

/// <summary>Reads an update's JSON with the client library's own settings; null when the library cannot read it.</summary>
public static class UpdateReader
{
    /// <summary>The update in <paramref name="json"/>, or null (a field of the wrong type, a forged shape).</summary>
    public static Update? Read(string json)
    {
        try
        {
            return JsonSerializer.Deserialize<Update>(json, JsonBotAPI.Options);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or InvalidOperationException or ArgumentException or OverflowException)
        {
            return null;
        }
    }
}
