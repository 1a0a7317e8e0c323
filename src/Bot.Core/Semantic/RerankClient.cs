using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json.Serialization;
using Bot.Core.Answering;
using Bot.Core.Options;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Semantic;

/// <summary>
/// A rerank model behind the common API, <c>POST {Endpoint}/rerank</c> with <c>{"model", "query", "documents", "top_n"}</c>
/// answering <c>{"results": [{"index", "relevance_score"}]}</c> (Jina and Cohere; served by vLLM, TEI, Xinference, LocalAI).
/// Semantic Kernel has no abstraction for it. Same rules as the other models: a timeout, a breaker, the key redacted.
/// </summary>
public sealed class RerankClient
{
    /// <summary>The name of its <see cref="HttpClient"/> in the <see cref="IHttpClientFactory"/>.</summary>
    public const string HttpClientName = "rerank";

    private readonly HttpClient _http;
    private readonly RerankOptions _options;
    private readonly Uri _uri;

    /// <summary>Creates the client over <paramref name="http"/> (its own timeout is left to the guard).</summary>
    public RerankClient(HttpClient http, IOptions<RerankOptions> options, TimeProvider time, ILogger<RerankClient> logger, BotMetrics? metrics = null)
    {
        (_http, _options) = (http, options.Value);
        _uri = new Uri(_options.Endpoint!.TrimEnd('/') + "/rerank");
        _guard = new ServiceGuard("The rerank model", TimeSpan.FromSeconds(_options.TimeoutSeconds), _options.ApiKey, time, logger, metrics is null ? null : () => metrics.ModelFailed("rerank"));
    }

    private readonly ServiceGuard _guard;

    /// <summary>The relevance of each of <paramref name="documents"/> to <paramref name="query"/>, in their order; null when the model fails.</summary>
    public Task<double[]?> ScoreAsync(string query, IReadOnlyList<string> documents, CancellationToken cancellationToken) =>
        _guard.TryAsync<double[]?>(ct => CallAsync(query, documents, ct), null, retry: false, cancellationToken);

    private async ValueTask<double[]?> CallAsync(string query, IReadOnlyList<string> documents, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, _uri)
        {
            Content = JsonContent.Create(new Request(_options.Model ?? "", query, documents, documents.Count)),
        };
        if (!string.IsNullOrEmpty(_options.ApiKey))
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _options.ApiKey);
        using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
            throw new HttpStatusException((int)response.StatusCode, $"the rerank model answered HTTP {(int)response.StatusCode}");
        var reply = await response.Content.ReadFromJsonAsync<Reply>(cancellationToken).ConfigureAwait(false)
            ?? throw new ServiceReplyException("the rerank model answered null");
        var scores = Enumerable.Repeat(double.NegativeInfinity, documents.Count).ToArray();
        foreach (var r in reply.Results ?? throw new ServiceReplyException("the rerank model's reply has no results"))
        {
            if (r.Index < 0 || r.Index >= documents.Count || !double.IsFinite(r.RelevanceScore))
                throw new ServiceReplyException($"the rerank model's reply names document {r.Index} of {documents.Count}");
            scores[r.Index] = r.RelevanceScore;
        }
        return scores;
    }

    private sealed record Request(
        [property: JsonPropertyName("model")] string Model,
        [property: JsonPropertyName("query")] string Query,
        [property: JsonPropertyName("documents")] IReadOnlyList<string> Documents,
        [property: JsonPropertyName("top_n")] int TopN);

    private sealed record Reply([property: JsonPropertyName("results")] IReadOnlyList<Result>? Results);

    private sealed record Result(
        [property: JsonPropertyName("index")] int Index,
        [property: JsonPropertyName("relevance_score")] double RelevanceScore);
}
