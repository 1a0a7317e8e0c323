using System.ClientModel;
using Bot.Core.Common;
using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace Bot.Core.Semantic;

/// <summary>
/// Calls to one outside model (embeddings, a reranker) with a timeout per call, a breaker, and, where asked, retries:
/// when the service is down, slow or wrong, the caller gets nothing and answers by words alone. One warning is logged
/// when an outage starts and one line when the service is back, not one per question.
/// </summary>
public sealed class ServiceGuard
{
    /// <summary>Failed calls in a row that open the breaker.</summary>
    public const int BreakerFailures = 3;

    /// <summary>How long the breaker keeps the service skipped once open.</summary>
    public static readonly TimeSpan BreakDuration = TimeSpan.FromSeconds(30);

    private readonly string _name;
    private readonly string _secret;
    private readonly ILogger _logger;
    private readonly ResiliencePipeline _once;
    private readonly ResiliencePipeline _retrying;
    private readonly Action? _failed;
    private int _down;

    /// <summary>
    /// Creates the guard of service <paramref name="name"/>; <paramref name="secret"/> is redacted from what is logged, and
    /// <paramref name="failed"/> is told of each call that failed (for metrics).
    /// </summary>
    public ServiceGuard(string name, TimeSpan timeout, string? secret, TimeProvider time, ILogger logger, Action? failed = null)
    {
        (_name, _secret, _logger, _failed) = (name, secret ?? "", logger, failed);
        _once = Breakers.WithTimeout(time, BreakerFailures, BreakDuration, timeout, IsFailure);
        // Indexing can wait: a busy server (429), a passing 5xx or a refused connection is tried again, twice, after 1 s and
        // 2 s (or what it asks); a call that timed out is not.
        _retrying = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = 2,
                Delay = TimeSpan.FromSeconds(1),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && IsTransient(e) && !args.Context.CancellationToken.IsCancellationRequested),
            })
            .AddPipeline(_once)
            .Build();
    }

    /// <summary>
    /// Runs <paramref name="call"/>; on failure (or while the breaker is open) returns <paramref name="fallback"/>. With
    /// <paramref name="retry"/>, transient failures are tried again first. The asker's cancellation is not a failure: it is thrown.
    /// </summary>
    public async Task<T> TryAsync<T>(Func<CancellationToken, ValueTask<T>> call, T fallback, bool retry, CancellationToken cancellationToken)
    {
        try
        {
            var result = await (retry ? _retrying : _once).ExecuteAsync(call, cancellationToken).ConfigureAwait(false);
            if (Interlocked.Exchange(ref _down, 0) == 1)
                _logger.LogInformation("{Service} answers again", _name);
            return result;
        }
        catch (Exception e) when (!cancellationToken.IsCancellationRequested && (IsFailure(e) || e is BrokenCircuitException))
        {
            _failed?.Invoke();
            if (Interlocked.Exchange(ref _down, 1) == 0)
                _logger.LogWarning("{Service} is unavailable, retrieving by words alone until it answers again: {Reason}",
                    _name, SecretRedactor.Redact(LogText.Safe($"{e.GetType().Name}: {e.Message}"), _secret));
            return fallback;
        }
    }

    // Whatever the call raises is a failed call, counted by the breaker: a service down, slow or unreachable, and one
    // whose reply cannot be read (an undecodable vector raises FormatException in the OpenAI client, a huge one
    // OverflowException). An optional model never takes the answering down with it.
    private static bool IsFailure(Exception e) => e is not OutOfMemoryException;

    private static bool IsTransient(Exception e) => e switch
    {
        ClientResultException c => c.Status is 0 or 408 or 429 or >= 500,
        HttpStatusException h => h.Status is 408 or 429 or >= 500,
        // A call that ran out of its time is not tried again: the server is there but too slow, and two more waits of the
        // whole timeout would hold a console command (or the first answers) for three of them.
        TimeoutRejectedException => false,
        HttpRequestException or IOException => true,
        _ => false,
    };
}

/// <summary>A reply of an outside model that cannot be used: wrong dimensions, a missing index, a bad shape.</summary>
public class ServiceReplyException(string message) : Exception(message);

/// <summary>An HTTP error status from an outside model.</summary>
public sealed class HttpStatusException(int status, string message) : ServiceReplyException(message)
{
    /// <summary>The HTTP status.</summary>
    public int Status { get; } = status;
}
