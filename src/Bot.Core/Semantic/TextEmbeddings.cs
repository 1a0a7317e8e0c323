using System.Collections.Concurrent;
using Bot.Core.Answering;
using Bot.Core.Options;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Semantic;

/// <summary>
/// The embedding model, through Semantic Kernel's <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> and a
/// <see cref="ServiceGuard"/>: passages in batches with retries, questions once each (cached). A failing model gives
/// no vectors, never an exception.
/// </summary>
public sealed class TextEmbeddings
{
    // Questions remembered: a repeated question costs no call. Cleared whole when full; it holds a few MB at most.
    private const int CachedQuestions = 1024;

    private readonly IEmbeddingGenerator<string, Embedding<float>> _generator;
    private readonly EmbeddingsOptions _options;
    private readonly ConcurrentDictionary<string, float[]> _questions = new(StringComparer.Ordinal);

    /// <summary>Creates the service over <paramref name="generator"/>.</summary>
    public TextEmbeddings(IEmbeddingGenerator<string, Embedding<float>> generator, IOptions<EmbeddingsOptions> options, TimeProvider time, ILogger<TextEmbeddings> logger, BotMetrics? metrics = null)
    {
        _generator = generator;
        _options = options.Value;
        _guard = new ServiceGuard("The embedding model", TimeSpan.FromSeconds(_options.TimeoutSeconds), _options.ApiKey, time, logger, metrics is null ? null : () => metrics.ModelFailed("embedding"));
    }

    private readonly ServiceGuard _guard;

    /// <summary>The model's name, which keys its stored vectors.</summary>
    public string Model => _options.Model ?? "";

    /// <summary>The vectors of <paramref name="texts"/> in order, or null when the model failed (after retries).</summary>
    public Task<float[][]?> EmbedAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken) =>
        _guard.TryAsync<float[][]?>(ct => CallAsync(texts, ct), null, retry: true, cancellationToken);

    /// <summary>The question's vector, or null when the model fails (the question is then answered by words alone).</summary>
    public async Task<float[]?> EmbedQuestionAsync(string question, CancellationToken cancellationToken)
    {
        if (_questions.TryGetValue(question, out var cached))
            return cached;
        var vectors = await _guard.TryAsync<float[][]?>(ct => CallAsync([question], ct), null, retry: false, cancellationToken).ConfigureAwait(false);
        if (vectors is not [var vector])
            return null;
        if (_questions.Count >= CachedQuestions)
            _questions.Clear();
        _questions[question] = vector;
        return vector;
    }

    private async ValueTask<float[][]?> CallAsync(IReadOnlyList<string> texts, CancellationToken cancellationToken)
    {
        var options = _options.Dimensions is { } d ? new EmbeddingGenerationOptions { Dimensions = d } : null;
        var result = await _generator.GenerateAsync(texts, options, cancellationToken).ConfigureAwait(false);
        if (result.Count != texts.Count)
            throw new ServiceReplyException($"the embedding model returned {result.Count} vectors for {texts.Count} texts");
        var vectors = result.Select(e => e.Vector.ToArray()).ToArray();
        if (vectors.Any(v => v.Length == 0 || v.Length != vectors[0].Length || v.Any(x => !float.IsFinite(x))))
            throw new ServiceReplyException("the embedding model returned empty, uneven or non-finite vectors");
        if (vectors[0].Length > VectorStore.MaxDimensions)
            throw new ServiceReplyException($"the embedding model returned {vectors[0].Length} dimensions, more than the {VectorStore.MaxDimensions} a vector may have");
        if (_options.Dimensions is { } wanted && vectors[0].Length != wanted)
            throw new ServiceReplyException($"the embedding model returned {vectors[0].Length} dimensions where Embeddings:Dimensions asks for {wanted}");
        return vectors;
    }
}
