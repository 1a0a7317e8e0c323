using System.Collections.Concurrent;
using Bot.Core.Hosting;
using Bot.Core.Indexing;
using Bot.Core.State;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace Bot.Redis;

/// <summary>
/// Answers the updates any replica accepted, each exactly once and each chat's in order. Every shard's stream is read by
/// one replica at a time, the one holding its lease; which replica that should be is decided by rendezvous hashing over
/// the replicas alive (a sorted set of heartbeats), so replicas share the shards and a joining or leaving one moves
/// only its share. An update is acknowledged (and deleted) after it has been answered; a shard taken over from a dead
/// replica starts with the updates that replica read and never acknowledged, in order. This replica takes shards only
/// once it can answer (the bot known, the knowledge loaded). Stopping stops reading, finishes what is in flight and
/// hands the shards back at once; if the shutdown time runs out first, the leases expire and another replica claims
/// what was left.
/// </summary>
public sealed class UpdateStreamService(
    RedisState redis,
    UpdateStreams streams,
    RedisReplyLedger replies,
    IUpdateConsumer consumer,
    AnswerCancellation answers,
    IKnowledgeStore store,
    BotMetrics metrics,
    IOptions<StateOptions> options,
    ILogger<UpdateStreamService> logger,
    TimeProvider time) : BackgroundService
{
    private const string Replicas = "replicas";

    // Heartbeat: this replica alive until now + lease; replicas past their time are dropped; the living returned.
    private const string HeartbeatScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        return redis.call('ZRANGE', KEYS[1], 0, -1)
        """;

    // For each lease asked for: taken when free, renewed when ours; 1 when held afterwards, else 0.
    private const string LeaseScript = """
        local held = {}
        for i, key in ipairs(KEYS) do
          local owner = redis.call('GET', key)
          if owner == false then
            redis.call('SET', key, ARGV[1], 'PX', ARGV[2])
            held[i] = 1
          elseif owner == ARGV[1] then
            redis.call('PEXPIRE', key, ARGV[2])
            held[i] = 1
          else
            held[i] = 0
          end
        end
        return held
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    private readonly StateOptions _options = options.Value;
    private readonly Dictionary<int, ShardReader> _readers = [];
    private readonly Dictionary<int, Task> _handovers = [];
    private readonly ConcurrentDictionary<string, byte> _taken = new();
    private readonly SemaphoreSlim _slots = new(options.Value.MaxInFlight);
    private SemaphoreSlim[] _wake = [];
    private long _backlog;
    private bool _redisDown;
    private bool _subscribed;

    /// <summary>This replica's name among the consumers and in the heartbeat set.</summary>
    public string Name { get; } = $"{Environment.MachineName}-{Environment.ProcessId}-{Random.Shared.Next():x8}";

    /// <summary>The shards this replica reads now.</summary>
    public IReadOnlyCollection<int> Owned
    {
        get
        {
            lock (_readers)
                return [.. _readers.Keys];
        }
    }

    private TimeSpan Lease => TimeSpan.FromSeconds(_options.LeaseSeconds);

    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        metrics.AddBacklog(() => Interlocked.Read(ref _backlog));
        _wake = [.. Enumerable.Range(0, streams.Shards).Select(_ => new SemaphoreSlim(0, 1))];
        try
        {
            while (!(consumer.IsReady && store.IsLoaded))
                await Task.Delay(TimeSpan.FromMilliseconds(200), time, stoppingToken);
            // Renewed five times a lease, so that a slow tick or two never loses one.
            var tick = Lease / 5;
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    await SubscribeOnceAsync();
                    await TickAsync(stoppingToken);
                    if (_redisDown)
                        logger.LogInformation("Redis answers again; reading shards {Shards}", string.Join(",", Owned));
                    _redisDown = false;
                }
                catch (Exception e) when (RedisFailure.Is(e) && !stoppingToken.IsCancellationRequested)
                {
                    if (!_redisDown)
                        logger.LogWarning("Redis is unavailable ({Error}); shards are taken again when it answers", e.GetType().Name);
                    _redisDown = true;
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    // A round that fails for another reason is logged; the next one runs as usual.
                    logger.LogError(e, "Assigning the shards failed; trying again");
                }
                await Task.Delay(tick, time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    // Told when an update is queued, so that an idle shard is read at once rather than at its next poll.
    private async Task SubscribeOnceAsync()
    {
        if (_subscribed)
            return;
        await redis.Subscriber.SubscribeAsync(redis.Channel(UpdateStreams.WakeChannel), (_, message) =>
        {
            if (int.TryParse((string?)message, out var shard) && shard >= 0 && shard < _wake.Length && _wake[shard].CurrentCount == 0)
            {
                try
                {
                    _wake[shard].Release();
                }
                catch (SemaphoreFullException)
                {
                }
            }
        });
        _subscribed = true;
    }

    // One round of the shard assignment: a heartbeat, then leases taken, renewed, lost or handed back. A shard being
    // handed back keeps its lease renewed until what was taken from it is finished; the round never waits for that.
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var alive = ((RedisResult[])(await db.ScriptEvaluateAsync(HeartbeatScript, [Replicas], [Name, (long)Lease.TotalMilliseconds]))!)
            .Select(r => (string)r!).ToList();
        if (!alive.Contains(Name))
            alive.Add(Name);
        var wanted = Enumerable.Range(0, streams.Shards).Where(s => UpdateStreams.OwnerOf(s, alive) == Name).ToHashSet();
        List<int> keep;
        lock (_readers)
        {
            foreach (var done in _handovers.Where(h => h.Value.IsCompleted).Select(h => h.Key).ToList())
                _handovers.Remove(done);
            keep = [.. wanted.Union(_readers.Keys).Union(_handovers.Keys).Order()];
        }
        if (keep.Count == 0)
            return;
        var held = (RedisResult[])(await db.ScriptEvaluateAsync(LeaseScript, [.. keep.Select(UpdateStreams.Lease)], [Name, (long)Lease.TotalMilliseconds]))!;
        for (var i = 0; i < keep.Count; i++)
        {
            var shard = keep[i];
            bool reading, handingOver;
            lock (_readers)
                (reading, handingOver) = (_readers.ContainsKey(shard), _handovers.ContainsKey(shard));
            if ((int)held[i] == 0)
            {
                if (reading)
                {
                    logger.LogWarning("Shard {Shard} is held by another replica; no longer reading it", shard);
                    _ = StopReadingAsync(shard, CancellationToken.None);
                }
            }
            else if (wanted.Contains(shard) && !reading && !handingOver)
            {
                await StartAsync(shard);
            }
            else if (!wanted.Contains(shard) && reading)
            {
                // Another replica should read it now: what is in flight is finished, then the lease is given up.
                lock (_readers)
                    _handovers[shard] = HandOverAsync(shard, cancellationToken);
            }
        }
        // What waits in the shards read here (answered entries are deleted, so a stream's length is its backlog).
        var lengths = await Task.WhenAll(keep.Where((_, i) => (int)held[i] == 1).Select(s => db.StreamLengthAsync(UpdateStreams.Stream(s))));
        Interlocked.Exchange(ref _backlog, lengths.Sum());
    }

    private async Task HandOverAsync(int shard, CancellationToken cancellationToken)
    {
        try
        {
            await StopReadingAsync(shard, cancellationToken);
            await ReleaseAsync(shard);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogDebug("Handing shard {Shard} back failed ({Error}); its lease expires", shard, e.GetType().Name);
        }
    }

    private async Task CreateGroupAsync(int shard)
    {
        try
        {
            await redis.Database.StreamCreateConsumerGroupAsync(UpdateStreams.Stream(shard), UpdateStreams.Group, "0-0", createStream: true);
        }
        catch (RedisServerException e) when (e.Message.StartsWith("BUSYGROUP", StringComparison.Ordinal))
        {
        }
    }

    private async Task StartAsync(int shard)
    {
        await CreateGroupAsync(shard);
        var reader = new ShardReader(shard);
        lock (_readers)
            _readers[shard] = reader;
        reader.Loop = Task.Run(() => ReadAsync(reader));
        logger.LogInformation("Reading shard {Shard}", shard);
    }

    private async Task StopReadingAsync(int shard, CancellationToken cancellationToken)
    {
        ShardReader? reader;
        lock (_readers)
            _readers.Remove(shard, out reader);
        if (reader is null)
            return;
        await reader.Stop.CancelAsync();
        await reader.Loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        reader.Stop.Dispose();
    }

    private Task ReleaseAsync(int shard) => redis.Database.ScriptEvaluateAsync(ReleaseScript, [UpdateStreams.Lease(shard)], [Name]);

    private async Task ReadAsync(ShardReader reader)
    {
        var stream = UpdateStreams.Stream(reader.Shard);
        var db = redis.Database;
        var stop = reader.Stop.Token;
        var claimed = false;
        while (!stop.IsCancellationRequested)
        {
            try
            {
                if (!claimed)
                {
                    // What a previous owner read and never acknowledged comes first, oldest first.
                    RedisValue start = "0-0";
                    do
                    {
                        var result = await db.StreamAutoClaimAsync(stream, UpdateStreams.Group, Name, 0, start, 100);
                        if (result.DeletedIds.Length > 0)
                            await db.StreamAcknowledgeAsync(stream, UpdateStreams.Group, result.DeletedIds);
                        foreach (var entry in result.ClaimedEntries)
                            await TakeAsync(reader, entry, claimed: true, stop);
                        start = result.NextStartId;
                    }
                    while (start != "0-0" && !stop.IsCancellationRequested);
                    claimed = true;
                }
                var entries = await db.StreamReadGroupAsync(stream, UpdateStreams.Group, Name, StreamPosition.NewMessages, 32);
                if (entries.Length == 0)
                {
                    // Woken by the channel when an update arrives; read anyway every second (a message can be missed).
                    await _wake[reader.Shard].WaitAsync(TimeSpan.FromSeconds(1), stop);
                    continue;
                }
                foreach (var entry in entries)
                    await TakeAsync(reader, entry, claimed: false, stop);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
            }
            catch (RedisServerException e) when (e.Message.StartsWith("NOGROUP", StringComparison.Ordinal))
            {
                // Redis came back empty (restarted without persistence): the stream and its group are made again.
                logger.LogWarning("Shard {Shard}'s stream was gone; made again", reader.Shard);
                await CreateGroupAsync(reader.Shard);
            }
            catch (Exception e) when (RedisFailure.Is(e))
            {
                logger.LogDebug("Reading shard {Shard} failed ({Error}); trying again", reader.Shard, e.GetType().Name);
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever goes wrong with one entry must not end the shard's reading while its lease is held.
                logger.LogError(e, "Reading shard {Shard} failed; trying again", reader.Shard);
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }
        // Stopped reading: what was taken is finished (acknowledged) before the shard is handed on.
        Task[] pending;
        lock (reader.InFlight)
            pending = [.. reader.InFlight];
        await Task.WhenAll(pending);
    }

    // Hands one update to the bot (on its chat's queue) and acknowledges it once it has been dealt with.
    private async Task TakeAsync(ShardReader reader, StreamEntry entry, bool claimed, CancellationToken stop)
    {
        // Entry ids are unique within one stream only: the shard is part of the key.
        var id = $"{reader.Shard}/{entry.Id}";
        // Read again after a lease came back to this replica while it still works on it: not taken twice.
        if (!_taken.TryAdd(id, 0))
            return;
        try
        {
            await _slots.WaitAsync(stop);
        }
        catch (OperationCanceledException)
        {
            // Left pending: whoever reads the shard next takes it.
            _taken.TryRemove(id, out _);
            throw;
        }
        var json = (string?)entry["u"];
        var update = json is null ? null : consumer.Read(json);
        Task done;
        if (update is null)
        {
            logger.LogError("Update entry {EntryId} of shard {Shard} cannot be read; skipped", id, reader.Shard);
            done = Task.CompletedTask;
        }
        else if (claimed && update.Question is { } question && await replies.WasRepliedAsync(question.ChatId, question.MessageId))
        {
            // Taken over from a replica that died after Telegram took its reply and before it acknowledged: not again.
            logger.LogInformation("Update {UpdateId} was answered before its replica stopped; acknowledged without answering again", update.Id);
            done = Task.CompletedTask;
        }
        else
        {
            logger.LogDebug("Shard {Shard}: entry {EntryId}, update {UpdateId}", reader.Shard, id, update.Id);
            done = await consumer.DispatchAsync(update);
        }
        var finished = AcknowledgeAfterAsync(done, reader.Shard, entry.Id, id);
        lock (reader.InFlight)
            reader.InFlight.Add(finished);
        _ = finished.ContinueWith(t =>
        {
            lock (reader.InFlight)
                reader.InFlight.Remove(t);
        }, TaskScheduler.Default);
    }

    private async Task AcknowledgeAfterAsync(Task done, int shard, RedisValue id, string taken)
    {
        try
        {
            await done;
            if (answers.Token.IsCancellationRequested)
            {
                // Stopping ran out of time and cancelled the answer: left pending, so the shard's next holder answers it
                // (or, if its reply had gone out, acknowledges it: the reply was noted).
                logger.LogInformation("Update entry {EntryId} of shard {Shard} was not finished; handed back", (string?)id, shard);
                return;
            }
            var stream = UpdateStreams.Stream(shard);
            for (var attempt = 1; ; attempt++)
            {
                try
                {
                    // Acknowledged and deleted in one round trip: the stream holds only what is not yet answered.
                    var ack = redis.Database.StreamAcknowledgeAsync(stream, UpdateStreams.Group, id);
                    var delete = redis.Database.StreamDeleteAsync(stream, [id]);
                    await Task.WhenAll(ack, delete);
                    logger.LogDebug("Shard {Shard}: entry {EntryId} acknowledged", shard, (string?)id);
                    return;
                }
                catch (Exception e) when (RedisFailure.Is(e) && attempt < 5)
                {
                    logger.LogDebug("Acknowledging {EntryId} failed ({Error}); trying again", (string?)id, e.GetType().Name);
                    await Task.Delay(TimeSpan.FromSeconds(attempt), time);
                }
            }
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("Update entry {EntryId} was answered but could not be acknowledged ({Error}); it may be answered again", (string?)id, e.GetType().Name);
        }
        finally
        {
            _taken.TryRemove(taken, out _);
            _slots.Release();
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        int[] shards;
        Task[] handovers;
        lock (_readers)
            (shards, handovers) = ([.. _readers.Keys], [.. _handovers.Values]);
        await Task.WhenAll(handovers).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var clean = new List<int>();
        foreach (var shard in shards)
        {
            await StopReadingAsync(shard, cancellationToken);
            if (!cancellationToken.IsCancellationRequested)
                clean.Add(shard);
        }
        try
        {
            // Handed back at once, so that another replica need not wait for the leases to expire.
            foreach (var shard in clean)
                await ReleaseAsync(shard).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            await redis.Database.SortedSetRemoveAsync(Replicas, Name).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
            logger.LogInformation("Shards handed back: {Shards}", string.Join(",", clean));
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogWarning("Shards could not be handed back ({Error}); their leases expire in {Seconds} s", e.GetType().Name, _options.LeaseSeconds);
        }
    }

    /// <inheritdoc />
    public override void Dispose()
    {
        _slots.Dispose();
        foreach (var wake in _wake)
            wake.Dispose();
        base.Dispose();
    }

    private sealed class ShardReader(int shard)
    {
        public int Shard { get; } = shard;

        public CancellationTokenSource Stop { get; } = new();

        public Task Loop { get; set; } = Task.CompletedTask;

        public HashSet<Task> InFlight { get; } = [];
    }
}
