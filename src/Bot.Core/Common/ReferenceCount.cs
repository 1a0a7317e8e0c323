namespace Bot.Core.Common;

/// <summary>
/// A count of the holders of a resource that closes when the last lets go: it starts at one (the creator's), a reference
/// is taken only while some is still held, and the holder that gives back the last one closes the resource.
/// </summary>
public sealed class ReferenceCount
{
    private int _count = 1;

    /// <summary>True while some reference is held.</summary>
    public bool IsHeld => Volatile.Read(ref _count) > 0;

    /// <summary>Takes a reference unless the last one was already given back.</summary>
    public bool TryRetain()
    {
        for (var seen = Volatile.Read(ref _count); seen > 0; seen = Volatile.Read(ref _count))
        {
            if (Interlocked.CompareExchange(ref _count, seen + 1, seen) == seen)
                return true;
        }
        return false;
    }

    /// <summary>Gives a reference back; true when it was the last (the caller closes the resource).</summary>
    /// <exception cref="InvalidOperationException">More references were given back than were taken.</exception>
    public bool Release()
    {
        var left = Interlocked.Decrement(ref _count);
        return left < 0 ? throw new InvalidOperationException("A reference was given back more often than it was taken.") : left == 0;
    }
}
