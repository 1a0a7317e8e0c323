namespace Bot.Core.Options;

/// <summary>
/// The embedding model that retrieves by meaning. Section <c>Embeddings</c>; <c>Provider = none</c> (the default)
/// retrieves by words alone.
/// </summary>
public sealed class EmbeddingsOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Embeddings";

    /// <summary><c>none</c>, <c>openai</c> (OpenAI or any OpenAI-compatible <c>/v1/embeddings</c>: Ollama, vLLM, TEI, Xinference) or <c>azure</c>.</summary>
    public string Provider { get; set; } = "none";

    /// <summary>The API endpoint: for OpenAI-compatible servers the URL ending in <c>/v1</c>; for Azure the resource URL.</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name (<c>bge-m3</c>, <c>text-embedding-3-small</c>); for Azure, the deployment name.</summary>
    public string? Model { get; set; }

    /// <summary>The API key. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Dimensions to ask for (models that can shorten their vectors); empty: the model's own.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Passages sent in one request.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Requests in flight at once while indexing.</summary>
    public int Concurrency { get; set; } = 2;

    /// <summary>How long one request may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>
    /// The cosine similarity to the question at which a passage is taken to be about it, even when it shares no words
    /// with it (a paraphrase, another language): such a question is not declined for want of shared words. Depends on
    /// the model: about 0.5 suits bge-m3 and OpenAI's text-embedding-3 models.
    /// </summary>
    public double MinSimilarity { get; set; } = 0.5;

    /// <summary>
    /// Below this many passages the vector search is exact (every passage compared); from it on, an approximate index
    /// (HNSW) kept beside the vectors answers. 0 always uses the index. 10,000 is where the two searches' medians met
    /// (<c>bench --vectors</c> at 1,024 dimensions, 2026-12-03: exact 0.81 ms, HNSW 0.86 ms, recall@10 0.98 against
    /// exact); below it exact search costs under a millisecond and loses nothing, above it the exact search grows with
    /// the passages (2.3 ms at 20,000, 18.6 ms at 100,000) while the index's stays 1–3 ms (docs/benchmarks.md).
    /// </summary>
    public int ExactBelow { get; set; } = 10_000;

    /// <summary>
    /// The candidate list of the approximate index's searches (10–10,000): wider finds more of the exhaustive search's
    /// nearest passages, at a cost in time. 160 keeps recall@10 against the exhaustive search at 0.97–0.98 (counting
    /// ties) up to a million passages, at a p50 of 2–4 ms (made-up vectors of 1,024 dimensions, <c>bench --vectors
    /// --expansions</c>, 2026-12-07, docs/benchmarks.md); at two million 640 is needed for 0.985 (9 ms), and at 4.3
    /// million no list reaches 0.98 (0.97 at 2,560, 30 ms): the graph is the limit there. <c>bench</c> with the model
    /// configured reports the recall on the model's own vectors.
    /// </summary>
    public int SearchList { get; set; } = DefaultSearchList;

    /// <summary>The default of <see cref="SearchList"/>, and of an approximate index built without options.</summary>
    public const int DefaultSearchList = 160;

    /// <summary>True when an embedding model is configured.</summary>
    public bool Enabled => !string.Equals(Provider, "none", StringComparison.OrdinalIgnoreCase);
}

/// <summary>
/// A rerank model (<c>POST {Endpoint}/rerank</c>, the Jina and Cohere shape served by vLLM, TEI, Xinference, LocalAI).
/// Section <c>Rerank</c>; an empty endpoint turns it off.
/// </summary>
public sealed class RerankOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Rerank";

    /// <summary>The base URL; <c>/rerank</c> is appended (for example <c>http://localhost:8080/v1</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name.</summary>
    public string? Model { get; set; }

    /// <summary>The API key, sent as a bearer token. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>The first articles of the fused ranking that the model orders.</summary>
    public int Candidates { get; set; } = 30;

    /// <summary>How long one request may take.</summary>
    public int TimeoutSeconds { get; set; } = 30;

    /// <summary>True when a reranker is configured.</summary>
    public bool Enabled => !string.IsNullOrWhiteSpace(Endpoint);
}
