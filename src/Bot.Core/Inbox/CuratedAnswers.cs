using System.Collections.Concurrent;
using Bot.Core.Search;
using Bot.Core.Semantic;
using Microsoft.Extensions.Options;

namespace Bot.Core.Inbox;

/// <summary>
/// The curated answers as the answering path reads them: kept in memory and read again from the store at most every
/// <see cref="RefreshEvery"/> (so that one written on another replica is served there soon), and at once after one is
/// written or deleted here. Tells <see cref="Added"/> of each new one (the askers it answers are told). With an embedding
/// model (<paramref name="embeddings"/>), a question whose words match none is matched by meaning as well.
/// </summary>
public sealed class CuratedAnswers(IInboxStore store, TimeProvider time, IOptions<InboxOptions> options, TextEmbeddings? embeddings = null)
{
    /// <summary>How long the answers read are used before the store is read again.</summary>
    public static readonly TimeSpan RefreshEvery = TimeSpan.FromSeconds(10);

    /// <summary>
    /// The cosine from which a question means the same as a curated one. High on purpose: a curated answer served to a
    /// question it does not answer is worse than the knowledge's answer, and the words already catch the reworded
    /// questions that share them. What is left for meaning is a question in other words or another language ("How much is
    /// the metro fare?" for "地铁票价多少钱"), which multilingual embedding models (bge-m3, text-embedding-3) place at
    /// 0.9 and above, while two questions on one topic asking different things (汽油 / 柴油 prices, 1992 / 2017, the
    /// pairs <see cref="QuestionWords.Match"/> keeps apart) share most of their text and sit in the 0.8s. Argued from the
    /// models' published behaviour, not measured here: no embedding model is reachable where the evaluation runs.
    /// </summary>
    public const double MeaningThreshold = 0.90;

    // The vectors of the curated questions, by answer (a question is embedded once).
    private readonly ConcurrentDictionary<long, float[]> _vectors = new();

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

    /// <summary>
    /// The curated answer served now for <paramref name="question"/> of words <paramref name="words"/>: the one its words
    /// match (<see cref="FindAsync(string, CancellationToken)"/>); else, with an embedding model, the served one whose
    /// question is nearest in meaning, at a cosine of <see cref="MeaningThreshold"/> or more; null when none, or when the
    /// model fails (the question is then answered as it would be without it).
    /// </summary>
    public async ValueTask<CuratedAnswer?> FindAsync(string question, string words, CancellationToken cancellationToken = default)
    {
        if (await FindAsync(words, cancellationToken).ConfigureAwait(false) is { } byWords)
            return byWords;
        if (embeddings is null || question.Length == 0)
            return null;
        var now = time.GetUtcNow();
        var served = (await CurrentAsync(cancellationToken).ConfigureAwait(false)).Where(a => a.ServedAt(now)).ToList();
        if (served.Count == 0)
            return null;
        // The question's vector is the one retrieval by meaning asks for next (cached): no second call.
        if (await embeddings.EmbedQuestionAsync(question, cancellationToken).ConfigureAwait(false) is not { } asked)
            return null;
        var missing = served.Where(a => !_vectors.ContainsKey(a.Id)).ToList();
        if (missing.Count > 0)
        {
            if (await embeddings.EmbedAsync([.. missing.Select(a => a.Question)], cancellationToken).ConfigureAwait(false) is not { } vectors)
                return null;
            for (var i = 0; i < missing.Count; i++)
                _vectors[missing[i].Id] = vectors[i];
        }
        return served
            .Select(a => (Answer: a, Similarity: _vectors.TryGetValue(a.Id, out var v) ? Cosine(asked, v) : 0))
            .Where(s => s.Similarity >= MeaningThreshold)
            .OrderByDescending(s => s.Similarity).ThenByDescending(s => s.Answer.Id)
            .Select(s => s.Answer)
            .FirstOrDefault();
    }

    /// <summary>The cosine of <paramref name="a"/> and <paramref name="b"/>; 0 when their lengths differ or one is zero.</summary>
    public static double Cosine(IReadOnlyList<float> a, IReadOnlyList<float> b)
    {
        if (a.Count != b.Count)
            return 0;
        double dot = 0, aa = 0, bb = 0;
        for (var i = 0; i < a.Count; i++)
        {
            dot += a[i] * (double)b[i];
            aa += a[i] * (double)a[i];
            bb += b[i] * (double)b[i];
        }
        return aa == 0 || bb == 0 ? 0 : dot / Math.Sqrt(aa * bb);
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
        foreach (var id in _vectors.Keys.Where(id => !answers.Any(a => a.Id == id)))
            _vectors.TryRemove(id, out _);
        _answers = answers;
        Volatile.Write(ref _readAt, time.GetTimestamp());
        _read = true;
    }
}
