namespace Bot.Redis;

/// <summary>
/// This replica's hold on one shard: the fencing token Redis keeps in the shard's lease key while the lease is ours, the
/// run of Redis it was taken in (<see cref="UpdateStreams.Run"/>), and until when, on this machine's monotonic clock, it
/// is surely still ours. Work taken under it sends a reply or acknowledges its entry only while Redis holds the same
/// token (checked in the script that does it), so that a replica that was frozen or cut off never acts on a shard
/// another replica holds now.
/// </summary>
public sealed class ShardLease(int shard, LeaseTerm term, long validUntil)
{
    private LeaseTerm _term = term;
    private long _validUntil = validUntil;
    private volatile bool _lost;

    /// <summary>The shard.</summary>
    public int Shard { get; } = shard;

    /// <summary>The token and run it is held under now (a lease taken again after Redis came back empty keeps its work).</summary>
    public LeaseTerm Term
    {
        get => Volatile.Read(ref _term);
        internal set => Volatile.Write(ref _term, value);
    }

    /// <summary>Until when (a <see cref="TimeProvider.GetTimestamp"/>) the lease is surely held: its last renewal's start plus the lease.</summary>
    public long ValidUntil
    {
        get => Interlocked.Read(ref _validUntil);
        internal set => Interlocked.Exchange(ref _validUntil, value);
    }

    /// <summary>True once another replica holds the shard, or this one took it again under a new token: the work is dropped.</summary>
    public bool Lost => _lost;

    internal void MarkLost() => _lost = true;
}

/// <summary>A lease's fencing token and the run of Redis it belongs to.</summary>
public sealed record LeaseTerm(string Token, string Run);
