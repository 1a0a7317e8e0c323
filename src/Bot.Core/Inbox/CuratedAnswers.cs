using Bot.Core.Search;
using Microsoft.Extensions.Options;

namespace Bot.Core.Inbox;

/// <summary>
/// The curated answers as the answering path reads them: kept in memory and read again from the store at most every
/// <see cref="RefreshEvery"/> (so that one written on another replica is served there soon), and at once after one is
/// written or deleted here. Tells <see cref="Added"/> of each new one (the askers it answers are told).
/// </summary>
public sealed class CuratedAnswers(IInboxStore store, TimeProvider time, IOptions<InboxOptions> options)
{
    /// <summary>How long the answers read are used before the store is read again.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    private IReadOnlyList<CuratedAnswer> _answers = [];
    private long _readAt;
    private bool _read;

    /// <summary>Raised after a curated answer is kept.</summary>
    public event Action<CuratedAnswer>? Added;

    /// <summary>
    /// The curated answer served now for a question of words <paramref name="words"/>: the newest still served whose words
    /// are the same (<see cref="QuestionWords.Match"/>); null when none.
    /// </summary>
    public async ValueTask<CuratedAnswer?> FindAsync(string words, CancellationToken cancellationToken = default)
    {
        if (words.Length == 0)
            return null;
        var now = time.GetUtcNow();
        return (await CurrentAsync(cancellationToken).ConfigureAwait(false))
            .Where(a => a.ServedAt(now) && QuestionWords.Match(words, a.Words))
            .MaxBy(a => a.Id);
    }

    /// <summary>Every curated answer kept, served or expired; null when the store cannot be read.</summary>
    public async Task<IReadOnlyList<CuratedAnswer>?> ListAsync(CancellationToken cancellationToken = default)
    {
        var all = await store.CuratedAsync(cancellationToken).ConfigureAwait(false);
        if (all is not null)
            Keep(all);
        return all;
    }

    /// <summary>
    /// Keeps <paramref name="text"/> as the answer to <paramref name="question"/> until <paramref name="expires"/> (default:
    /// <c>Feedback:CuratedDays</c> from now); null when the question has no words, the limit is reached or the store failed.
    /// </summary>
    public async Task<CuratedAnswer?> AddAsync(string question, string text, DateTimeOffset? expires = null, string? words = null, CancellationToken cancellationToken = default)
    {
        words ??= QuestionWords.Of(QuestionAnalyzer.Analyze(question));
        if (words.Length == 0)
            return null;
        var added = await store.AddCuratedAsync(question, words, text, expires ?? time.GetUtcNow().AddDays(options.Value.CuratedDays), cancellationToken).ConfigureAwait(false);
        if (added is null)
            return null;
        _read = false;
        Added?.Invoke(added);
        return added;
    }

    /// <summary>Deletes curated answer <paramref name="id"/>; false when there is none.</summary>
    public async Task<bool> RemoveAsync(long id, CancellationToken cancellationToken = default)
    {
        var removed = await store.RemoveCuratedAsync(id, cancellationToken).ConfigureAwait(false);
        _read = false;
        return removed;
    }

    private async ValueTask<IReadOnlyList<CuratedAnswer>> CurrentAsync(CancellationToken cancellationToken)
    {
        if (_read && time.GetElapsedTime(Volatile.Read(ref _readAt)) < RefreshEvery)
            return _answers;
        // A store that cannot be read serves what was read before, and is tried again after the next interval.
        var all = await store.CuratedAsync(cancellationToken).ConfigureAwait(false);
        Keep(all ?? _answers);
        return _answers;
    }

    private void Keep(IReadOnlyList<CuratedAnswer> answers)
    {
        _answers = answers;
        Volatile.Write(ref _readAt, time.GetTimestamp());
        _read = true;
    }
}
