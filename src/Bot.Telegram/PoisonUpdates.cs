using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Telegram.Bot;
using Telegram.Bot.Polling;
using Telegram.Bot.Types;

namespace Bot.Telegram;

/// <summary>
/// Gets polling past an update the client library cannot read (a field of the wrong type): Telegram.Bot reads a whole
/// batch of updates at once, so one bad update fails every poll at that offset, for ever. The batch is read here as
/// raw JSON, update by update: the readable ones before the bad one are handled, the bad one is logged once (by its
/// id, not its content), and Telegram is told it has been taken (the next offset), so polling goes on after it.
/// </summary>
public sealed class PoisonUpdates(IHttpClientFactory http, IOptions<TelegramOptions> options, ILogger<PoisonUpdates> logger)
{
    /// <summary>True when <paramref name="error"/> says a batch of updates could not be read.</summary>
    public static bool IsUnreadableBatch(Exception error) =>
        error is global::Telegram.Bot.Exceptions.RequestException { InnerException: JsonException or NotSupportedException or FormatException }
        || error.InnerException is JsonException;

    /// <summary>Handles the readable updates before the first unreadable one and skips it; false when there was none.</summary>
    public async Task<bool> SkipAsync(ITelegramBotClient bot, IUpdateHandler handler, IReadOnlyList<string> allowedUpdates, CancellationToken cancellationToken)
    {
        var batch = await CallAsync("getUpdates", new JsonObject { ["timeout"] = 0, ["limit"] = 100, ["allowed_updates"] = new JsonArray([.. allowedUpdates.Select(u => JsonValue.Create(u))]) }, cancellationToken);
        if (batch is not JsonArray updates)
            return false;
        foreach (var node in updates)
        {
            var id = node?["update_id"]?.GetValue<int>() ?? 0;
            Update? update;
            try
            {
                update = node.Deserialize<Update>(JsonBotAPI.Options);
            }
            catch (Exception e) when (e is JsonException or NotSupportedException or FormatException or InvalidOperationException)
            {
                update = null;
            }
            if (update is null)
            {
                logger.LogError("Update {UpdateId} cannot be read ({Kind}); skipped", id, LogText.Safe(node?.AsObject().Select(p => p.Key).FirstOrDefault(k => k != "update_id") ?? "unknown"));
                await CallAsync("getUpdates", new JsonObject { ["offset"] = id + 1, ["timeout"] = 0, ["limit"] = 1 }, cancellationToken);
                return true;
            }
            await handler.HandleUpdateAsync(bot, update, cancellationToken);
        }
        return false;
    }

    private async Task<JsonNode?> CallAsync(string method, JsonObject body, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var client = http.CreateClient("telegram");
        var url = $"{o.ApiBaseUrl.TrimEnd('/')}/bot{o.BotToken}/{method}";
        try
        {
            using var response = await client.PostAsJsonAsync(url, body, cancellationToken);
            var reply = await response.Content.ReadFromJsonAsync<JsonObject>(cancellationToken);
            return reply?["ok"]?.GetValue<bool>() == true ? reply["result"] : null;
        }
        catch (Exception e) when (e is HttpRequestException or JsonException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Reading updates one by one failed: {Error}", SecretRedactor.Redact(e.Message, o.BotToken));
            return null;
        }
    }
}
