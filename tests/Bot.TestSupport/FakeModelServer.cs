using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Bot.TestSupport;

/// <summary>
/// An OpenAI-compatible embedding server (<c>POST /v1/embeddings</c>, float or base64 as the client asks) and a rerank
/// server (<c>POST /v1/rerank</c>, the Jina/Cohere shape) on loopback. It has a little meaning of its own: a text's vector
/// counts the concepts of <see cref="Concepts"/> it names, in Chinese or English, so "Huawei" and "华为" mean alike; the
/// reranker scores a document by the concepts it shares with the query. Failures, delays and wrong dimensions can be
/// scripted; every request is counted.
/// </summary>
public sealed class FakeModelServer : IAsyncDisposable
{
    /// <summary>Each concept's words, in Chinese and English.</summary>
    public static readonly string[][] Concepts =
    [
        ["华为", "huawei"],
        ["青浦", "qingpu"],
        ["研发", "研究", "research", "r&d"],
        ["中心", "center", "centre"],
        ["建成", "建设", "built", "construction", "going"],
        ["地铁", "metro", "subway"],
        ["票价", "fare", "ticket"],
        ["熊猫", "panda"],
        ["动物园", "zoo"],
        ["天气", "weather"],
        ["东京", "tokyo"],
        ["医院", "hospital"],
    ];

    private LoopbackServer _server = null!;
    private readonly ConcurrentQueue<int> _failures = new();
    private int _embeddingCalls;
    private int _rerankCalls;
    private int _embeddedTexts;

    /// <summary>The endpoint to configure (<c>Embeddings:Endpoint</c>, <c>Rerank:Endpoint</c>), ending in <c>/v1</c>.</summary>
    public string Endpoint { get; private set; } = "";

    /// <summary>Embedding requests received.</summary>
    public int EmbeddingCalls => Volatile.Read(ref _embeddingCalls);

    /// <summary>Texts embedded.</summary>
    public int EmbeddedTexts => Volatile.Read(ref _embeddedTexts);

    /// <summary>Rerank requests received.</summary>
    public int RerankCalls => Volatile.Read(ref _rerankCalls);

    /// <summary>The <c>encoding_format</c> of the last embedding request.</summary>
    public string? LastEncoding { get; private set; }

    /// <summary>Extra dimensions added to every vector (a model that changed: wrong dimensions).</summary>
    public int ExtraDimensions { get; set; }

    /// <summary>When set, every vector is sent as this text in place of its values (an empty or undecodable vector).</summary>
    public string? BadVector { get; set; }

    /// <summary>How long every reply waits.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, every request fails with this HTTP status.</summary>
    public int? FailAll { get; set; }

    /// <summary>When set, the reranker answers these scores, by document, instead of its own.</summary>
    public Func<string, IReadOnlyList<string>, double[]>? RerankScores { get; set; }

    /// <summary>
    /// Dimensions of every vector: the concepts', then values drawn from the text's hash (so unrelated texts are nearly
    /// orthogonal), up to this many. 0: the concepts' alone.
    /// </summary>
    public int Dimensions { get; init; }

    /// <summary>Starts the server on a loopback port (0: a free one).</summary>
    public static async Task<FakeModelServer> StartAsync(int port = 0, int dimensions = 0)
    {
        var server = new FakeModelServer { Dimensions = dimensions };
        server._server = await LoopbackServer.StartAsync(app =>
        {
            app.MapPost("/v1/embeddings", server.EmbedAsync);
            app.MapPost("/v1/rerank", server.RerankAsync);
        }, port);
        server.Endpoint = server._server.BaseUrl + "/v1";
        return server;
    }

    /// <summary>Scripts the next <paramref name="count"/> requests to fail with <paramref name="status"/>.</summary>
    public void Fail(int count, int status = 500)
    {
        for (var i = 0; i < count; i++)
            _failures.Enqueue(status);
    }

    /// <summary>The fake's vector of <paramref name="text"/>: one dimension per concept, and one that every text has.</summary>
    public static float[] VectorOf(string text)
    {
        var lower = text.ToLowerInvariant();
        var vector = new float[Concepts.Length + 1];
        vector[0] = 0.05f;
        for (var c = 0; c < Concepts.Length; c++)
            vector[c + 1] = Concepts[c].Count(w => lower.Contains(w, StringComparison.Ordinal));
        return vector;
    }

    private float[] Padded(float[] concepts, string text)
    {
        if (Dimensions <= concepts.Length)
            return concepts;
        var random = new Random(text.GetHashCode(StringComparison.Ordinal));
        var vector = new float[Dimensions];
        concepts.CopyTo(vector, 0);
        for (var i = concepts.Length; i < Dimensions; i++)
            vector[i] = (float)(random.NextDouble() - 0.5) * 0.1f;
        return vector;
    }

    private async Task<bool> FailedAsync(HttpContext context)
    {
        if (Delay > TimeSpan.Zero)
        {
            try
            {
                await Task.Delay(Delay, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return true;
            }
        }
        var status = FailAll ?? (_failures.TryDequeue(out var s) ? s : 0);
        if (status == 0)
            return false;
        context.Response.StatusCode = status;
        await context.Response.WriteAsync("""{"error":{"message":"scripted failure","type":"server_error"}}""");
        return true;
    }

    private async Task EmbedAsync(HttpContext context)
    {
        Interlocked.Increment(ref _embeddingCalls);
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        if (await FailedAsync(context))
            return;
        var inputs = body["input"] is JsonArray array ? array.Select(n => n!.GetValue<string>()).ToList() : [body["input"]!.GetValue<string>()];
        Interlocked.Add(ref _embeddedTexts, inputs.Count);
        LastEncoding = body["encoding_format"]?.GetValue<string>();
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = Padded(VectorOf(inputs[i]), inputs[i]).Concat(Enumerable.Repeat(0.01f, ExtraDimensions)).ToArray();
            JsonNode embedding = BadVector is { } bad ? bad : LastEncoding == "base64"
                ? Convert.ToBase64String(vector.SelectMany(BitConverter.GetBytes).ToArray())
                : new JsonArray(vector.Select(v => (JsonNode)v).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject
        {
            ["object"] = "list", ["data"] = data, ["model"] = body["model"]?.GetValue<string>() ?? "fake",
            ["usage"] = new JsonObject { ["prompt_tokens"] = 1, ["total_tokens"] = 1 },
        }.ToJsonString());
    }

    private async Task RerankAsync(HttpContext context)
    {
        Interlocked.Increment(ref _rerankCalls);
        var body = await JsonNode.ParseAsync(context.Request.Body) as JsonObject ?? [];
        if (await FailedAsync(context))
            return;
        var query = body["query"]!.GetValue<string>();
        var documents = body["documents"]!.AsArray().Select(d => d!.GetValue<string>()).ToList();
        var scores = RerankScores?.Invoke(query, documents) ?? documents.Select(d => Shared(query, d)).ToArray();
        var results = new JsonArray(scores.Select((s, i) => (s, i)).OrderByDescending(p => p.s)
            .Select(p => (JsonNode)new JsonObject { ["index"] = p.i, ["relevance_score"] = p.s }).ToArray());
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(new JsonObject { ["results"] = results }.ToJsonString());
    }

    // The concepts a document shares with the query, over the concepts it names (a focused document beats a long one).
    private static double Shared(string query, string document)
    {
        var q = VectorOf(query);
        var d = VectorOf(document);
        var shared = 0.0;
        var named = 0.0;
        for (var i = 1; i < q.Length; i++)
        {
            if (d[i] > 0)
                named++;
            if (q[i] > 0 && d[i] > 0)
                shared++;
        }
        return named == 0 ? 0 : shared / Math.Sqrt(named);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => _server.DisposeAsync();
}
