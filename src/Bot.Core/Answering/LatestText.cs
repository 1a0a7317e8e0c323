using System.Threading.Channels;

namespace Bot.Core.Answering;

/// <summary>
/// A latest-value channel for streamed answer text: the answerer reports without waiting, and the front end reads
/// the newest text when it is ready to show more (older text it has not read yet is dropped).
/// </summary>
public sealed class LatestText : IProgress<string>
{
    private readonly Channel<string> _channel = Channel.CreateBounded<string>(new BoundedChannelOptions(1)
    {
        FullMode = BoundedChannelFullMode.DropOldest,
        SingleReader = true,
    });

    /// <inheritdoc />
    public void Report(string value) => _channel.Writer.TryWrite(value);

    /// <summary>No more text will come: <see cref="ReadAllAsync"/> ends after the last one.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>The newest text each time some is there, until <see cref="Complete"/>.</summary>
    public async IAsyncEnumerable<string> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        while (await _channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
        {
            string? latest = null;
            while (_channel.Reader.TryRead(out var text))
                latest = text;
            if (latest is not null)
                yield return latest;
        }
    }
}
