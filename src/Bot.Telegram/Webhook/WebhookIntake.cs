using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Bot.Core.Common;
using Bot.Core.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Telegram.Webhook;

/// <summary>
/// Takes what Telegram posts to the webhook and answers with an HTTP status: 401 without the secret (nothing read
/// further), 413 too large, 400 not an update, 503 while stopping or when the queue cannot take it (Telegram delivers
/// it again), 200 once it is queued (or was queued before). Only then is an update Telegram's no more.
/// </summary>
public sealed class WebhookIntake(IUpdateQueue queue, IOptions<TelegramOptions> options, ILogger<WebhookIntake> logger)
{
    /// <summary>The header Telegram sends the secret in.</summary>
    public const string SecretHeader = "X-Telegram-Bot-Api-Secret-Token";

    private readonly byte[] _secret = Encoding.UTF8.GetBytes(options.Value.WebhookSecret ?? "");
    private volatile bool _closed;

    /// <summary>Refuses further updates with 503 (shutdown: Telegram, or the load balancer, sends them elsewhere).</summary>
    public void Close() => _closed = true;

    /// <summary>Reads one posted update and queues it; returns the HTTP status to answer.</summary>
    public async Task<int> AcceptAsync(string? secret, Stream body, CancellationToken cancellationToken)
    {
        // Compared in constant time, so that the secret cannot be guessed from how long a refusal takes.
        if (_secret.Length == 0 || secret is null || !CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(secret), _secret))
            return 401;
        if (_closed)
            return 503;
        var max = options.Value.MaxUpdateBytes;
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > max)
                return 413;
            buffer.Write(chunk, 0, read);
        }
        if (Read(buffer.ToArray(), out var error) is not { } update)
        {
            // Once per body, with the reason: Telegram does not send a 4xx again, so this line is all that is left of it.
            logger.LogWarning("A webhook body is not an update ({Error}, {Bytes} bytes); answered 400", LogText.Safe(error), buffer.Length);
            return 400;
        }
        try
        {
            if (!await queue.AcceptAsync(update, cancellationToken).ConfigureAwait(false))
                logger.LogDebug("Update {UpdateId} was delivered again; queued once", update.UpdateId);
            return 200;
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Update {UpdateId} could not be queued ({Error}); Telegram will deliver it again", update.UpdateId, e.GetType().Name);
            return 503;
        }
    }

    /// <summary>The update's id and chat, or null when <paramref name="json"/> is not an update.</summary>
    public static QueuedUpdate? Parse(byte[] json) => Read(json, out _);

    // Whatever the body, never an exception: a duplicate key makes JsonObject throw ArgumentException when it is first
    // read, and a 5xx would make Telegram send the same body again for a day.
    private static QueuedUpdate? Read(byte[] json, out string error)
    {
        error = "";
        try
        {
            if (JsonNode.Parse(json) is not JsonObject o || o["update_id"] is not JsonValue id || !id.TryGetValue<long>(out var updateId))
            {
                error = "no numeric update_id in a JSON object";
                return null;
            }
            return new QueuedUpdate(updateId, ChatOf(o), Encoding.UTF8.GetString(json));
        }
        catch (Exception e) when (e is JsonException or ArgumentException or InvalidOperationException or FormatException or OverflowException or NotSupportedException)
        {
            error = $"{e.GetType().Name}: {e.Message}";
            return null;
        }
    }

    // The chat whose updates must stay in order: a message's chat, a button's message's chat, else the user. A forged
    // shape (a number where an object belongs) gives no chat rather than an error.
    private static long ChatOf(JsonObject update)
    {
        static long? Id(JsonObject update, params string[] path)
        {
            JsonNode? node = update;
            foreach (var name in path)
                node = node is JsonObject o ? o[name] : null;
            return node is JsonValue v && v.TryGetValue<long>(out var id) ? id : null;
        }
        return Id(update, "message", "chat", "id")
            ?? Id(update, "edited_message", "chat", "id")
            ?? Id(update, "callback_query", "message", "chat", "id")
            ?? Id(update, "callback_query", "from", "id")
            ?? Id(update, "inline_query", "from", "id")
            ?? 0;
    }
}
