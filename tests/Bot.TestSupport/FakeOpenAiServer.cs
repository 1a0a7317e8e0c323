using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.TestSupport;

/// <summary>
/// An OpenAI-compatible server on loopback: <c>POST /v1/chat/completions</c>, plain and streamed (SSE), with scripted
/// replies, errors and delays. Records every request body.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<Script> _scripts = new();
    private readonly ConcurrentQueue<JsonObject> _requests = new();

    /// <summary>The endpoint to configure (<c>Llm:Endpoint</c>), ending in <c>/v1</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>The reply when nothing is scripted.</summary>
    public string DefaultReply { get; set; } = "资料中没有找到答案。";

    /// <summary>Every request body received, in order.</summary>
    public IReadOnlyList<JsonObject> Requests => _requests.ToList();

    /// <summary>Starts the server on a free loopback port.</summary>
    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var server = new FakeOpenAiServer();
        server._server = await LoopbackServer.StartAsync(app => app.MapPost("/v1/chat/completions", server.HandleAsync));
        server.Endpoint = server._server.BaseUrl + "/v1";
        return server;
    }

    /// <summary>Scripts the next reply, sent after <paramref name="delay"/> (streamed a few characters a chunk when asked for a stream).</summary>
    public void Reply(string content, TimeSpan? delay = null) => _scripts.Enqueue(new Script(200, content, delay ?? TimeSpan.Zero));

    /// <summary>Scripts the next reply as an HTTP error.</summary>
    public void Fail(int status = 500) => _scripts.Enqueue(new Script(status, "", TimeSpan.Zero));

    private int _aborted;

    /// <summary>Requests the client gave up on while their reply was being delayed.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    /// <summary>Scripts a reply that takes <paramref name="delay"/> (for timeouts).</summary>
    public void Hang(TimeSpan delay) => _scripts.Enqueue(new Script(200, "太晚了。", delay));

    /// <summary>Scripts a streamed reply whose connection closes early: no finish reason, no <c>[DONE]</c>.</summary>
    public void Truncate(string content) => _scripts.Enqueue(new Script(200, content, TimeSpan.Zero, Truncated: true));

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        _requests.Enqueue(body);
        var script = _scripts.TryDequeue(out var s) ? s : new Script(200, DefaultReply, TimeSpan.Zero);
        if (script.Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(script.Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                Interlocked.Increment(ref _aborted);
                return;
            }
        }
        if (script.Status != 200)
        {
            context.Response.StatusCode = script.Status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(new JsonObject { ["error"] = new JsonObject { ["message"] = "scripted failure", ["type"] = "server_error" } }.ToJsonString());
            return;
        }

        var model = body["model"]?.GetValue<string>() ?? "fake";
        if (body["stream"]?.GetValue<bool>() == true)
        {
            context.Response.ContentType = "text/event-stream";
            foreach (var piece in Pieces(script.Content))
            {
                var chunk = new JsonObject
                {
                    ["id"] = "chatcmpl-fake", ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = model,
                    ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["role"] = "assistant", ["content"] = piece }, ["finish_reason"] = null }),
                };
                await context.Response.WriteAsync($"data: {chunk.ToJsonString()}\n\n");
                await context.Response.Body.FlushAsync();
            }
            if (script.Truncated)
                return;
            var end = new JsonObject
            {
                ["id"] = "chatcmpl-fake", ["object"] = "chat.completion.chunk", ["created"] = 1_700_000_000, ["model"] = model,
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = "stop" }),
            };
            await context.Response.WriteAsync($"data: {end.ToJsonString()}\n\ndata: [DONE]\n\n");
            return;
        }

        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["id"] = "chatcmpl-fake", ["object"] = "chat.completion", ["created"] = 1_700_000_000, ["model"] = model,
            ["choices"] = new JsonArray(new JsonObject
            {
                ["index"] = 0, ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = script.Content }, ["finish_reason"] = "stop",
            }),
            ["usage"] = new JsonObject { ["prompt_tokens"] = 10, ["completion_tokens"] = 10, ["total_tokens"] = 20 },
        }.ToJsonString());
    }

    private static IEnumerable<string> Pieces(string content)
    {
        for (var i = 0; i < content.Length; i += 4)
            yield return content.Substring(i, Math.Min(4, content.Length - i));
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();

    private sealed record Script(int Status, string Content, TimeSpan Delay, bool Truncated = false);
}
