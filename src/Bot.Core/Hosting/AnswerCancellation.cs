namespace Bot.Core.Hosting;

/// <summary>
/// The one token that cancels the answers in flight: owned here, for the process's life, and cancelled by the service
/// that stops the updates (when the host's shutdown time runs out before the answers are finished). Whatever answers
/// reads <see cref="Token"/>; nothing else sets or replaces it.
/// </summary>
public sealed class AnswerCancellation : IDisposable
{
    private readonly CancellationTokenSource _source = new();

    /// <summary>Creates the token, not cancelled.</summary>
    public AnswerCancellation() => Token = _source.Token;

    /// <summary>Cancelled once answers in flight are abandoned.</summary>
    public CancellationToken Token { get; }

    /// <summary>Abandons the answers in flight (stopping ran out of time).</summary>
    public Task AbandonAsync() => _source.CancelAsync();

    /// <inheritdoc />
    public void Dispose() => _source.Dispose();
}
