using Bot.Core.Common;
using Bot.Core.Indexing;
using Bot.Core.Options;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Newsroom;

/// <summary>
/// Compares each knowledge snapshot made current with the stamps already seen in its folder, off the reload's thread
/// (only the newest snapshot waiting is compared: it holds every article of those before it). The new articles are
/// matched against every subscription and recorded, with the pushes they owe, in one step of the store; then
/// <see cref="Added"/> is raised. The stamps this process knows are kept in memory, so a reload that added nothing asks
/// the store nothing.
/// </summary>
public sealed class ArticleFeed(IKnowledgeStore knowledge, INewsroomStore store, IOptions<KnowledgeOptions> options, TimeProvider time, ILogger<ArticleFeed> logger)
    : BackgroundService, IArticleFeed
{
    private readonly SemaphoreSlim _signal = new(0);
    private readonly HashSet<string> _known = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private (KnowledgeSnapshot Snapshot, DateTimeOffset At, long Number)? _waiting;
    private long _made;
    private long _done;
    private TaskCompletionSource _progress = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <inheritdoc />
    public event Action<NewArticles>? Added;

    /// <inheritdoc />
    public async Task SettledAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            Task progress;
            lock (_lock)
            {
                if (Interlocked.Read(ref _done) >= _made)
                    return;
                progress = _progress.Task;
            }
            await progress.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public override Task StartAsync(CancellationToken cancellationToken)
    {
        knowledge.Reloaded += OnReloaded;
        // A load made current before this service started is compared too.
        if (knowledge.IsLoaded)
            OnReloaded(knowledge.Current);
        return base.StartAsync(cancellationToken);
    }

    /// <inheritdoc />
    public override Task StopAsync(CancellationToken cancellationToken)
    {
        knowledge.Reloaded -= OnReloaded;
        return base.StopAsync(cancellationToken);
    }

    private void OnReloaded(KnowledgeSnapshot snapshot)
    {
        lock (_lock)
            _waiting = (snapshot, time.GetUtcNow(), ++_made);
        _signal.Release();
    }

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await _signal.WaitAsync(stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return; // stopped, also when the host stops because it could not start: not a failure of this service
            }
            (KnowledgeSnapshot Snapshot, DateTimeOffset At, long Number)? next;
            lock (_lock)
                (next, _waiting) = (_waiting, null);
            if (next is not { } work)
                continue;
            try
            {
                await CompareAsync(work.Snapshot, work.At, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                // The stamps stay unknown here: the next reload compares them again.
                logger.LogWarning("Articles added could not be recorded ({Error}); the next reload tries again", LogText.Safe($"{e.GetType().Name}: {e.Message}"));
            }
            lock (_lock)
            {
                Interlocked.Exchange(ref _done, work.Number);
                _progress.TrySetResult();
                _progress = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
        }
    }

    private async Task CompareAsync(KnowledgeSnapshot snapshot, DateTimeOffset at, CancellationToken cancellationToken)
    {
        var folder = FolderKey(options.Value.Path);
        var stamped = snapshot.Articles.Select(a => (Article: a, Stamp: AddedArticle.StampOf(a))).Where(a => !_known.Contains(a.Stamp)).ToList();
        if (stamped.Count == 0)
            return;
        var stamps = stamped.Select(a => a.Stamp).ToList();
        var unseen = await store.UnseenAsync(folder, stamps, cancellationToken).ConfigureAwait(false);
        if (unseen is null)
        {
            await store.MarkSeenAsync(folder, stamps, cancellationToken).ConfigureAwait(false);
            _known.UnionWith(stamps);
            logger.LogInformation("Knowledge folder {Folder} seen for the first time: its {Count} articles are the baseline, none is pushed", LogText.Safe(folder), stamps.Count);
            return;
        }
        var added = stamped.Where(a => unseen.Contains(a.Stamp)).ToList();
        if (added.Count > 0)
        {
            var subscriptions = (await store.AllSubscriptionsAsync(cancellationToken).ConfigureAwait(false))
                .Select(s => (Subscription: s, Terms: SubscriptionMatcher.Terms(s.Words))).ToList();
            var articles = new List<AddedArticle>(added.Count);
            var pushes = new List<PendingPush>();
            foreach (var (article, _) in added)
            {
                var item = AddedArticle.From(article, at);
                articles.Add(item);
                var folded = SubscriptionMatcher.Folded(article.Title, article.Body);
                // One push per chat and article, for the first of the chat's subscriptions that takes it.
                foreach (var match in subscriptions.Where(s => SubscriptionMatcher.Matches(s.Terms, folded)).DistinctBy(s => s.Subscription.Chat))
                    pushes.Add(new PendingPush(match.Subscription.Chat, match.Subscription.Words, item));
            }
            var recorded = await store.RecordAddedAsync(folder, articles, pushes, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("{Count} articles added ({Recorded} recorded here), {Pushes} pushes owed", articles.Count, recorded.Count,
                pushes.Count(p => recorded.Any(r => r.Stamp == p.Article.Stamp)));
            if (recorded.Count > 0)
                Added?.Invoke(new NewArticles(recorded));
        }
        _known.UnionWith(stamps);
    }

    /// <summary>The key the stamps of <paramref name="path"/> are kept under: its full path.</summary>
    public static string FolderKey(string path) => System.IO.Path.TrimEndingDirectorySeparator(System.IO.Path.GetFullPath(path));
}
