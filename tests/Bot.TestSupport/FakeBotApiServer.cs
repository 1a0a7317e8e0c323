using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.TestSupport;

/// <summary>
/// A Bot API server on loopback for tests: <c>getMe</c>, <c>getUpdates</c> (long poll, honouring <c>offset</c>),
/// <c>sendMessage</c>, <c>sendChatAction</c>, <c>editMessageText</c>, <c>answerCallbackQuery</c>, with scripted
/// 429/5xx/403 replies. Records every call the bot made.
/// </summary>
public sealed class FakeBotApiServer : IAsyncDisposable
{
    /// <summary>The bot's own user id.</summary>
    public const long BotId = 4242;

    /// <summary>The bot's user name (for mentions).</summary>
    public const string BotUsername = "news_test_bot";

    private LoopbackServer _server = null!;
    private readonly Lock _lock = new();
    private readonly List<JsonObject> _updates = [];
    private readonly List<RecordedCall> _calls = [];
    private readonly ConcurrentDictionary<string, ConcurrentQueue<ScriptedFailure>> _failures = new();
    private readonly SemaphoreSlim _updateArrived = new(0);
    private readonly SemaphoreSlim _callRecorded = new(0);
    private int _nextUpdateId = 1;
    private int _nextMessageId = 1000;
    private int _nextOutgoingId = 50_000;
    private int _completedSends;

    /// <summary>The base URL to give the bot (<c>Telegram:ApiBaseUrl</c>).</summary>
    public string BaseUrl { get; private set; } = "";

    /// <summary>
    /// The settings of a bot pointed at this server: a test token, no long poll, the seed page (or
    /// <paramref name="knowledgePath"/>) indexed in memory, warnings only; <paramref name="settings"/> override them.
    /// </summary>
    public Dictionary<string, string?> HostSettings(string? knowledgePath = null, IEnumerable<KeyValuePair<string, string?>>? settings = null)
    {
        var all = new Dictionary<string, string?>
        {
            ["Telegram:BotToken"] = "123456:TEST-token",
            ["Telegram:ApiBaseUrl"] = BaseUrl,
            ["Telegram:PollTimeoutSeconds"] = "0",
            ["Knowledge:Path"] = knowledgePath ?? RepoPaths.SeedKnowledge,
            ["Knowledge:IndexPath"] = "memory",
            ["Logging:LogLevel:Default"] = "Warning",
        };
        foreach (var (key, value) in settings ?? [])
            all[key] = value;
        return all;
    }

    /// <summary>A delay before <c>sendMessage</c> answers (to keep an answer in flight).</summary>
    public TimeSpan SendDelay { get; set; } = TimeSpan.Zero;

    /// <summary>Number of <c>sendMessage</c> calls whose reply was written in full.</summary>
    public int CompletedSends => Volatile.Read(ref _completedSends);

    /// <summary>How long <c>getUpdates</c> holds a poll with nothing to deliver.</summary>
    public TimeSpan LongPollHold { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>Starts a server on a free loopback port.</summary>
    public static async Task<FakeBotApiServer> StartAsync()
    {
        var server = new FakeBotApiServer();
        server._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/bot{token}/{method}", server.HandleAsync);
            app.MapGet("/file/bot{token}/{**path}", server.DownloadAsync);
        });
        server.BaseUrl = server._server.BaseUrl;
        return server;
    }

    /// <summary>Every call the bot made, in order.</summary>
    public IReadOnlyList<RecordedCall> Calls
    {
        get
        {
            lock (_lock)
                return _calls.ToList();
        }
    }

    /// <summary>The <c>sendMessage</c> calls to <paramref name="chatId"/>.</summary>
    public IReadOnlyList<RecordedCall> SentMessages(long chatId) =>
        Calls.Where(c => c.Method == "sendMessage" && c.ChatId == chatId).ToList();

    /// <summary>Queues a text message from a user; returns its message id.</summary>
    public int EnqueueText(long chatId, string text, long userId = 0, string chatType = "private", int? replyToBotMessageId = null, string? languageCode = null)
    {
        var update = TextUpdate(chatId, text, userId, chatType, replyToBotMessageId, languageCode);
        EnqueueUpdate(update);
        return update["message"]!["message_id"]!.GetValue<int>();
    }

    /// <summary>
    /// A text message from a user as an update with a fresh <c>update_id</c>, not queued for <c>getUpdates</c>: what
    /// Telegram would post to a webhook.
    /// </summary>
    public JsonObject TextUpdate(long chatId, string text, long userId = 0, string chatType = "private", int? replyToBotMessageId = null, string? languageCode = null)
    {
        var messageId = Interlocked.Increment(ref _nextMessageId);
        var message = NewMessage(messageId, chatId, userId == 0 ? chatId : userId, chatType);
        message["text"] = text;
        if (languageCode is not null)
            ((JsonObject)message["from"]!)["language_code"] = languageCode;
        var mention = "@" + BotUsername;
        var at = text.IndexOf(mention, StringComparison.Ordinal);
        if (at >= 0)
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "mention", ["offset"] = at, ["length"] = mention.Length });
        if (text.StartsWith('/'))
        {
            var length = text.IndexOf(' ') is var s and >= 0 ? s : text.Length;
            message["entities"] = new JsonArray(new JsonObject { ["type"] = "bot_command", ["offset"] = 0, ["length"] = length });
        }
        if (replyToBotMessageId is { } replyTo)
        {
            var original = NewMessage(replyTo, chatId, BotId, chatType);
            ((JsonObject)original["from"]!)["is_bot"] = true;
            original["text"] = "earlier answer";
            message["reply_to_message"] = original;
        }
        lock (_lock)
            return new JsonObject { ["update_id"] = _nextUpdateId++, ["message"] = message };
    }

    /// <summary>Queues an inline query ("@bot question" typed in any chat) from <paramref name="userId"/>.</summary>
    public void EnqueueInlineQuery(long userId, string query, string id = "iq-1") =>
        EnqueueUpdate(new JsonObject
        {
            ["inline_query"] = new JsonObject
            {
                ["id"] = id, ["query"] = query, ["offset"] = "",
                ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "User" },
            },
        });

    /// <summary>
    /// Queues a press of an inline button with <paramref name="data"/> by <paramref name="userId"/>, under the bot's
    /// message <paramref name="messageId"/> in <paramref name="chatId"/> that carries <paramref name="replyMarkup"/>.
    /// </summary>
    public void EnqueueCallback(long userId, long chatId, int messageId, string data, JsonNode? replyMarkup = null, string id = "cb-1")
    {
        var message = NewMessage(messageId, chatId, BotId, chatId > 0 ? "private" : "group");
        ((JsonObject)message["from"]!)["is_bot"] = true;
        message["text"] = "answer";
        if (replyMarkup is not null)
            message["reply_markup"] = replyMarkup.DeepClone();
        EnqueueUpdate(new JsonObject
        {
            ["callback_query"] = new JsonObject
            {
                ["id"] = id, ["chat_instance"] = "ci", ["data"] = data, ["message"] = message,
                ["from"] = new JsonObject { ["id"] = userId, ["is_bot"] = false, ["first_name"] = "User" },
            },
        });
    }

    private readonly ConcurrentDictionary<string, byte[]> _files = new();

    /// <summary>
    /// Queues a document message with <paramref name="content"/> as the file (served by <c>getFile</c> and the file
    /// download); <paramref name="declaredSize"/> is the size the update claims (default: the real one).
    /// </summary>
    public int EnqueueDocument(long userId, string fileName, byte[] content, long? declaredSize = null)
    {
        var messageId = Interlocked.Increment(ref _nextMessageId);
        var fileId = $"doc-{messageId}";
        _files[fileId] = content;
        var message = NewMessage(messageId, userId, userId, "private");
        message["document"] = new JsonObject
        {
            ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["file_name"] = fileName, ["file_size"] = declaredSize ?? content.Length,
        };
        EnqueueUpdate(new JsonObject { ["message"] = message });
        return messageId;
    }

    /// <summary>
    /// Queues a photo message of <paramref name="content"/> (served by <c>getFile</c> and the file download as its largest
    /// size, after a small thumbnail) with <paramref name="caption"/>; <paramref name="declaredSize"/> is the size it claims.
    /// </summary>
    public int EnqueuePhoto(long userId, byte[] content, string? caption = null, long? chatId = null, string chatType = "private", long? declaredSize = null)
    {
        var messageId = Interlocked.Increment(ref _nextMessageId);
        var fileId = $"photo-{messageId}";
        _files[fileId] = content;
        _files[fileId + "-thumb"] = [];
        var message = NewMessage(messageId, chatId ?? userId, userId, chatType);
        message["photo"] = new JsonArray(
            new JsonObject { ["file_id"] = fileId + "-thumb", ["file_unique_id"] = "t" + fileId, ["width"] = 90, ["height"] = 60, ["file_size"] = 0 },
            new JsonObject { ["file_id"] = fileId, ["file_unique_id"] = "u" + fileId, ["width"] = 1280, ["height"] = 853, ["file_size"] = declaredSize ?? content.Length });
        if (caption is not null)
            message["caption"] = caption;
        EnqueueUpdate(new JsonObject { ["message"] = message });
        return messageId;
    }

    private async Task DownloadAsync(HttpContext context, string token, string path)
    {
        if (_files.TryGetValue(path.Replace("documents/", "", StringComparison.Ordinal), out var bytes))
            await context.Response.Body.WriteAsync(bytes);
        else
            context.Response.StatusCode = 404;
    }

    /// <summary>Queues a sticker message (no text).</summary>
    public int EnqueueSticker(long chatId, string chatType = "private")
    {
        var messageId = Interlocked.Increment(ref _nextMessageId);
        var message = NewMessage(messageId, chatId, chatId, chatType);
        message["sticker"] = new JsonObject
        {
            ["file_id"] = "sticker-1", ["file_unique_id"] = "u1", ["type"] = "regular", ["width"] = 512, ["height"] = 512,
            ["is_animated"] = false, ["is_video"] = false,
        };
        EnqueueUpdate(new JsonObject { ["message"] = message });
        return messageId;
    }

    /// <summary>Queues any update; <c>update_id</c> is filled in.</summary>
    public void EnqueueUpdate(JsonObject update)
    {
        lock (_lock)
        {
            if (update["update_id"] is null)
                update["update_id"] = _nextUpdateId++;
            _updates.Add(update);
        }
        _updateArrived.Release();
    }

    /// <summary>Makes the next <paramref name="times"/> calls of <paramref name="method"/> fail with <paramref name="errorCode"/>.</summary>
    public void FailNext(string method, int errorCode, int times = 1, int? retryAfter = null)
    {
        var queue = _failures.GetOrAdd(method, _ => new ConcurrentQueue<ScriptedFailure>());
        for (var i = 0; i < times; i++)
            queue.Enqueue(new ScriptedFailure(errorCode, retryAfter));
    }

    /// <summary>Waits until the bot has made at least <paramref name="count"/> calls of <paramref name="method"/>; returns all of them, in order.</summary>
    public async Task<IReadOnlyList<RecordedCall>> WaitForCallsAsync(string method, int count, TimeSpan? timeout = null) =>
        (await WaitForAsync(c => c.Count(x => x.Method == method) >= count, timeout)).Where(c => c.Method == method).ToList();

    /// <summary>Waits until the recorded calls satisfy <paramref name="condition"/>; fails after <paramref name="timeout"/>.</summary>
    public async Task<IReadOnlyList<RecordedCall>> WaitForAsync(Func<IReadOnlyList<RecordedCall>, bool> condition, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        while (true)
        {
            var calls = Calls;
            if (condition(calls))
                return calls;
            try
            {
                await _callRecorded.WaitAsync(cts.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException("The bot did not make the expected calls. Calls: " +
                    string.Join(" | ", calls.Select(c => $"{c.Method} {c.Body.ToJsonString()}")));
            }
        }
    }

    private async Task HandleAsync(HttpContext context, string token, string method)
    {
        JsonObject body;
        try
        {
            body = context.Request.ContentLength is > 0 || context.Request.ContentType is not null
                ? (await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [])
                : [];
        }
        catch (JsonException)
        {
            body = [];
        }

        if (method != "getUpdates")
            Record(method, body);

        if (_failures.TryGetValue(method, out var failures) && failures.TryDequeue(out var failure))
        {
            await WriteAsync(context, failure.Code, Error(failure.Code, failure.RetryAfter));
            return;
        }

        if (body["chat_id"] is { } chat && _rateLimited.TryGetValue(chat.ToJsonString(), out var retryAfter) && method == "sendMessage")
        {
            await WriteAsync(context, 429, Error(429, retryAfter));
            return;
        }

        if (method == "sendMessage" && SendDelay > TimeSpan.Zero)
            await Task.Delay(SendDelay);
        if (_holds.TryGetValue(method, out var hold))
            await hold.Task.WaitAsync(context.RequestAborted).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);

        JsonNode result = method switch
        {
            "getMe" => new JsonObject
            {
                ["id"] = BotId, ["is_bot"] = true, ["first_name"] = "News", ["username"] = BotUsername,
                ["can_join_groups"] = true, ["can_read_all_group_messages"] = false, ["supports_inline_queries"] = false,
            },
            "getUpdates" => await GetUpdatesAsync(body, context.RequestAborted),
            "sendMessage" => Sent(body),
            "editMessageText" => Sent(body),
            "editMessageReplyMarkup" => Sent(body),
            "getFile" => new JsonObject
            {
                ["file_id"] = body["file_id"]!.GetValue<string>(), ["file_unique_id"] = "u",
                ["file_size"] = _files.TryGetValue(body["file_id"]!.GetValue<string>(), out var f) ? f.Length : 0,
                ["file_path"] = "documents/" + body["file_id"]!.GetValue<string>(),
            },
            "sendChatAction" or "answerCallbackQuery" or "deleteWebhook" => JsonValue.Create(true),
            _ => JsonValue.Create(true),
        };
        await WriteAsync(context, 200, new JsonObject { ["ok"] = true, ["result"] = result });
        if (method == "sendMessage")
            Interlocked.Increment(ref _completedSends);
    }

    private readonly ConcurrentDictionary<string, TaskCompletionSource> _holds = new();

    /// <summary>Holds every call of <paramref name="method"/> (recorded, not answered) until <see cref="Release"/>.</summary>
    public void Hold(string method) => _holds.TryAdd(method, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));

    /// <summary>Answers the held calls of <paramref name="method"/> and holds no more.</summary>
    public void Release(string method)
    {
        if (_holds.TryRemove(method, out var hold))
            hold.TrySetResult();
    }

    private readonly ConcurrentDictionary<string, int> _rateLimited = new();

    /// <summary>Answers every <c>sendMessage</c> to <paramref name="chatId"/> with 429 and <paramref name="retryAfter"/> (a chat over Telegram's limits).</summary>
    public void RateLimitChat(long chatId, int retryAfter) => _rateLimited[chatId.ToString(System.Globalization.CultureInfo.InvariantCulture)] = retryAfter;

    /// <summary>The <c>timeout</c> of every long poll, in seconds.</summary>
    public ConcurrentQueue<int> PollTimeouts { get; } = new();

    private async Task<JsonNode> GetUpdatesAsync(JsonObject body, CancellationToken aborted)
    {
        PollTimeouts.Enqueue(body["timeout"]?.GetValue<int>() ?? 0);
        var offset = body["offset"]?.GetValue<int>() ?? 0;
        var deadline = DateTime.UtcNow + LongPollHold;
        while (true)
        {
            lock (_lock)
            {
                // offset confirms every update below it: those are never sent again.
                if (offset > 0)
                    _updates.RemoveAll(u => u["update_id"]!.GetValue<int>() < offset);
                var pending = _updates.Where(u => u["update_id"]!.GetValue<int>() >= offset).Take(100).ToList();
                if (pending.Count > 0)
                    return new JsonArray(pending.Select(u => (JsonNode)u.DeepClone()).ToArray());
            }
            var left = deadline - DateTime.UtcNow;
            if (left <= TimeSpan.Zero)
                return new JsonArray();
            try
            {
                await _updateArrived.WaitAsync(left, aborted);
            }
            catch (OperationCanceledException)
            {
                return new JsonArray();
            }
        }
    }

    private JsonObject Sent(JsonObject body)
    {
        var chatId = body["chat_id"]?.GetValue<long>() ?? 0;
        var message = NewMessage(body["message_id"]?.GetValue<int>() ?? Interlocked.Increment(ref _nextOutgoingId), chatId, BotId, "private");
        ((JsonObject)message["from"]!)["is_bot"] = true;
        message["text"] = body["text"]?.GetValue<string>() ?? "";
        return message;
    }

    private void Record(string method, JsonObject body)
    {
        lock (_lock)
            _calls.Add(new RecordedCall(method, body) { Timestamp = System.Diagnostics.Stopwatch.GetTimestamp() });
        _callRecorded.Release();
    }

    private static JsonObject NewMessage(int messageId, long chatId, long fromId, string chatType) => new()
    {
        ["message_id"] = messageId,
        ["date"] = 1_704_067_200,
        ["chat"] = chatType == "private"
            ? new JsonObject { ["id"] = chatId, ["type"] = "private", ["first_name"] = "User" }
            : new JsonObject { ["id"] = chatId, ["type"] = chatType, ["title"] = "Group" },
        ["from"] = new JsonObject { ["id"] = fromId, ["is_bot"] = false, ["first_name"] = "User" + fromId },
    };

    private static JsonObject Error(int code, int? retryAfter)
    {
        var error = new JsonObject
        {
            ["ok"] = false,
            ["error_code"] = code,
            ["description"] = code switch
            {
                429 => $"Too Many Requests: retry after {retryAfter ?? 1}",
                403 => "Forbidden: bot was blocked by the user",
                _ => "Internal Server Error",
            },
        };
        if (code == 429)
            error["parameters"] = new JsonObject { ["retry_after"] = retryAfter ?? 1 };
        return error;
    }

    private static async Task WriteAsync(HttpContext context, int status, JsonObject json)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json.ToJsonString());
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed record ScriptedFailure(int Code, int? RetryAfter);
}

/// <summary>One Bot API call the bot made.</summary>
public sealed record RecordedCall(string Method, JsonObject Body)
{
    /// <summary>When the call arrived (<see cref="System.Diagnostics.Stopwatch.GetTimestamp"/>).</summary>
    public long Timestamp { get; init; }

    /// <summary>The <c>chat_id</c> of the call, or 0.</summary>
    public long ChatId => Body["chat_id"]?.GetValue<long>() ?? 0;

    /// <summary>The <c>text</c> of the call, or "".</summary>
    public string Text => Body["text"]?.GetValue<string>() ?? "";

    /// <summary>The message id the call replies to, if any.</summary>
    public int? ReplyTo => Body["reply_parameters"]?["message_id"]?.GetValue<int>();
}
