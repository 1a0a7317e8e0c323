using Polly;
using Polly.CircuitBreaker;

namespace Bot.Core.Common;

/// <summary>How every outside model is called: the LLM, the embedding model, the reranker.</summary>
public static class Breakers
{
    /// <summary>
    /// A breaker that opens after <paramref name="failures"/> calls in a row have failed (no success among them within
    /// <paramref name="window"/>), skips the service for <paramref name="window"/>, then lets one call try again; and a
    /// timeout on each call. A call given up by its asker says nothing about the service and does not count.
    /// </summary>
    public static ResiliencePipeline WithTimeout(TimeProvider time, int failures, TimeSpan window, TimeSpan timeout, Func<Exception, bool> isFailure) =>
        new ResiliencePipelineBuilder { TimeProvider = time }
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = 1.0,
                MinimumThroughput = failures,
                SamplingDuration = window,
                BreakDuration = window,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is { } e && isFailure(e) && !args.Context.CancellationToken.IsCancellationRequested),
            })
            .AddTimeout(timeout)
            .Build();
}
