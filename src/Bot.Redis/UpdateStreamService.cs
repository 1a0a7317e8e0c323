using System.Collections.Concurrent;
using Bot.Core.Answering;
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

    // Heartbeat: this replica alive until now + lease; replicas past their time are dropped. Returns the run of this
    // Redis (written when there is none: Redis is new, or came back empty), then the replicas alive.
    private const string HeartbeatScript = """
        local t = redis.call('TIME')
        local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
        local run = redis.call('GET', KEYS[2])
        if not run then
          run = ARGV[3]
          redis.call('SET', KEYS[2], run)
        end
        redis.call('ZADD', KEYS[1], now + tonumber(ARGV[2]), ARGV[1])
        redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
        local alive = redis.call('ZRANGE', KEYS[1], 0, -1)
        table.insert(alive, 1, run)
        return alive
        """;

    // For each lease asked for (KEYS[2..], each with the token this replica believes it holds, or ""): renewed when Redis
    // holds that token; taken under a new token (a fencing token: name#counter) when free or left from an earlier hold
    // of this replica; else held by another replica. Returns the token held afterwards, or "".
    private const string LeaseScript = """
        local held = {}
        local mine = ARGV[1] .. '#'
        for i = 2, #KEYS do
          local owner = redis.call('GET', KEYS[i])
          if owner and owner == ARGV[i + 1] then
            redis.call('PEXPIRE', KEYS[i], ARGV[2])
            held[i - 1] = owner
          elseif owner == false or string.sub(owner, 1, #mine) == mine then
            local token = mine .. redis.call('INCR', KEYS[1])
            redis.call('SET', KEYS[i], token, 'PX', ARGV[2])
            held[i - 1] = token
          else
            held[i - 1] = ''
          end
        end
        return held
        """;

    private const string ReleaseScript = """
        if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
        return 0
        """;

    // Acknowledged and deleted only while the lease holds the token the entry was taken under (fencing): a replica that
    // lost the shard leaves the entry to its new holder.
    private const string AckScript = """
        if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
        redis.pcall('XACK', KEYS[2], ARGV[2], ARGV[3])
        redis.pcall('XDEL', KEYS[2], ARGV[3])
        return 1
        """;

    private readonly StateOptions _options = options.Value;
    private readonly Dictionary<int, ShardReader> _readers = [];
    private readonly Dictionary<int, Task> _handovers = [];
    // Every lease this replica holds: the shards it reads and those it is handing back.
    private readonly Dictionary<int, ShardLease> _leases = [];
    private readonly ConcurrentDictionary<string, byte> _taken = new();
    private readonly SemaphoreSlim _slots = new(options.Value.MaxInFlight);
    private SemaphoreSlim[] _wake = [];
    // Per shard: 1 when an entry taken here was left pending, so that its reader reads its own pending entries again.
    private int[] _recover = [];
    private long _backlog;
    private bool _redisDown;
    private bool _subscribed;
    private string? _run;
    private long _graceUntil;

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
        _recover = new int[streams.Shards];
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
                    // The leases are not renewed: each shard's reader stops reading once its lease may have lapsed, and
                    // no reply goes out until Redis confirms the lease (ShardLease, RedisReplyLedger.MaySendAsync).
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
            if (int.TryParse((string?)message, out var shard) && shard >= 0 && shard < _wake.Length)
                Wake(shard);
        });
        _subscribed = true;
    }

    private void Wake(int shard)
    {
        if (_wake[shard].CurrentCount != 0)
            return;
        try
        {
            _wake[shard].Release();
        }
        catch (SemaphoreFullException)
        {
        }
    }

    // One round of the shard assignment: a heartbeat, then leases taken, renewed, lost or handed back. A shard being
    // handed back keeps its lease renewed until what was taken from it is finished; the round never waits for that.
    private async Task TickAsync(CancellationToken cancellationToken)
    {
        var db = redis.Database;
        var started = time.GetTimestamp();
        var beat = (RedisResult[])(await db.ScriptEvaluateAsync(HeartbeatScript, [Replicas, UpdateStreams.Run],
            [Name, (long)Lease.TotalMilliseconds, Guid.NewGuid().ToString("N")]))!;
        var run = (string)beat[0]!;
        var alive = beat.Skip(1).Select(r => (string)r!).ToList();
        if (!alive.Contains(Name))
            alive.Add(Name);
        // Remembered only once the leases have been taken back (below): a round that fails half-way notices it again.
        var emptied = _run is not null && run != _run;
        if (emptied)
        {
            // Redis came back empty: leases, heartbeats, streams and groups are gone. For one lease, each replica takes
            // back only the shards it held (its work on them is in its memory alone), before any takes new ones. Counted
            // from now, when it was seen, not from the round's start: the heartbeat may have waited seconds in the client's
            // backlog for the connection, and a grace counted from before that had lapsed already (seen on 2026-12-03: a
            // replica took the other's shards in the round it saw Redis empty, and the work the other held was dropped).
            _graceUntil = time.GetTimestamp() + Ticks(Lease);
            lock (_readers)
                logger.LogWarning("Redis came back empty (a new run); taking back the leases of shards {Shards} and answering what was taken from them", string.Join(",", _leases.Keys.Order()));
        }
        var wanted = Enumerable.Range(0, streams.Shards).Where(s => UpdateStreams.OwnerOf(s, alive) == Name).ToHashSet();
        List<int> keep;
        List<RedisValue> believed;
        lock (_readers)
        {
            foreach (var done in _handovers.Where(h => h.Value.IsCompleted).Select(h => h.Key).ToList())
                _handovers.Remove(done);
            if (time.GetTimestamp() < _graceUntil)
                wanted.IntersectWith(_leases.Keys);
            keep = [.. wanted.Union(_leases.Keys).Order()];
            believed = [.. keep.Select(s => (RedisValue)(_leases.TryGetValue(s, out var held) ? held.Term.Token : ""))];
        }
        if (keep.Count == 0)
        {
            _run = run;
            return;
        }
        if (emptied)
        {
            foreach (var shard in keep)
                await CreateGroupAsync(shard);
        }
        var tokens = (RedisResult[])(await db.ScriptEvaluateAsync(LeaseScript, [UpdateStreams.LeaseTokens, .. keep.Select(UpdateStreams.Lease)],
            [Name, (long)Lease.TotalMilliseconds, .. believed]))!;
        _run = run;
        var validUntil = started + Ticks(Lease);
        for (var i = 0; i < keep.Count; i++)
        {
            var shard = keep[i];
            var token = (string)tokens[i]!;
            ShardLease? lease;
            bool reading, handingOver;
            lock (_readers)
                (lease, reading, handingOver) = (_leases.GetValueOrDefault(shard), _readers.ContainsKey(shard), _handovers.ContainsKey(shard));
            if (token.Length == 0)
            {
                if (lease is not null)
                {
                    logger.LogWarning("Shard {Shard} is held by another replica; no longer reading it, and its work here is dropped", shard);
                    Lose(shard, lease);
                }
            }
            else if (lease is not null && (token == lease.Term.Token || emptied))
            {
                // Renewed; or, after Redis came back empty, taken back: nothing in Redis answered this work, so it goes
                // on under the new token.
                lease.Term = new LeaseTerm(token, run);
                lease.ValidUntil = validUntil;
                if (!wanted.Contains(shard) && !handingOver)
                {
                    // Another replica should read it now: what is in flight is finished, then the lease is given up.
                    lock (_readers)
                        _handovers[shard] = HandOverAsync(shard, lease, cancellationToken);
                }
                else if (wanted.Contains(shard) && !reading && !handingOver)
                {
                    await StartAsync(shard, lease);
                }
            }
            else
            {
                if (lease is not null)
                {
                    // The lease lapsed (Redis away, or this process stalled) and was taken again: what was taken under
                    // the old one may have gone to another replica meanwhile, so it is dropped and read again.
                    logger.LogWarning("Shard {Shard}'s lease lapsed and was taken again; its work in flight is read again", shard);
                    Lose(shard, lease);
                }
                var fresh = new ShardLease(shard, new LeaseTerm(token, run), validUntil);
                if (wanted.Contains(shard))
                    await StartAsync(shard, fresh);
                else
                    await ReleaseAsync(shard, token);
            }
        }
        // What waits in the shards read here (answered entries are deleted, so a stream's length is its backlog).
        var lengths = await Task.WhenAll(keep.Where((_, i) => ((string)tokens[i]!).Length > 0).Select(s => db.StreamLengthAsync(UpdateStreams.Stream(s))));
        Interlocked.Exchange(ref _backlog, lengths.Sum());
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * time.TimestampFrequency);

    // The lease is another replica's now, or this one's under a new token: the work taken under it sends nothing more and
    // acknowledges nothing; the shard's reader stops.
    private void Lose(int shard, ShardLease lease)
    {
        lease.MarkLost();
        lock (_readers)
        {
            if (_leases.TryGetValue(shard, out var held) && held == lease)
                _leases.Remove(shard);
        }
        _ = StopReadingAsync(shard, lease, CancellationToken.None);
    }

    private async Task HandOverAsync(int shard, ShardLease lease, CancellationToken cancellationToken)
    {
        try
        {
            await StopReadingAsync(shard, lease, cancellationToken);
            await ReleaseAsync(shard, lease.Term.Token);
            logger.LogInformation("Shard {Shard} handed back", shard);
        }
        catch (Exception e) when (RedisFailure.Is(e))
        {
            logger.LogDebug("Handing shard {Shard} back failed ({Error}); its lease expires", shard, e.GetType().Name);
        }
        finally
        {
            lock (_readers)
            {
                if (_leases.TryGetValue(shard, out var held) && held == lease)
                    _leases.Remove(shard);
            }
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

    private async Task StartAsync(int shard, ShardLease lease)
    {
        await CreateGroupAsync(shard);
        var reader = new ShardReader(shard, lease);
        lock (_readers)
        {
            _readers[shard] = reader;
            _leases[shard] = lease;
        }
        reader.Loop = Task.Run(() => ReadAsync(reader));
        logger.LogInformation("Reading shard {Shard}", shard);
    }

    // Stops the shard's reader (only the one under lease, when given) and waits for what it took.
    private async Task StopReadingAsync(int shard, ShardLease? lease, CancellationToken cancellationToken)
    {
        ShardReader? reader;
        lock (_readers)
        {
            if (!_readers.TryGetValue(shard, out reader) || (lease is not null && reader.Lease != lease))
                return;
            _readers.Remove(shard);
        }
        await reader.Stop.CancelAsync();
        await reader.Loop.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        reader.Stop.Dispose();
    }

    private Task ReleaseAsync(int shard, string token) => redis.Database.ScriptEvaluateAsync(ReleaseScript, [UpdateStreams.Lease(shard)], [token]);

    private async Task ReadAsync(ShardReader reader)
    {
        var stream = UpdateStreams.Stream(reader.Shard);
        var db = redis.Database;
        var stop = reader.Stop.Token;
        // What this replica read and never acknowledged, and what a previous holder left, come first; and again after any
        // failed read (Redis may have delivered entries into a reply that timed out here).
        var recover = true;
        var lapsed = false;
        while (!stop.IsCancellationRequested && !reader.Lease.Lost)
        {
            try
            {
                if (time.GetTimestamp() >= reader.Lease.ValidUntil)
                {
                    // The lease was not renewed in time (Redis away or stalled, or this process was): nothing is read
                    // until the next round renews it, or the shard is found lost.
                    if (!lapsed)
                        logger.LogInformation("Shard {Shard}'s lease was not renewed in time; not reading it until it is", reader.Shard);
                    (lapsed, recover) = (true, true);
                    await Task.Delay(TimeSpan.FromMilliseconds(200), time, stop);
                    continue;
                }
                lapsed = false;
                if (Interlocked.Exchange(ref _recover[reader.Shard], 0) == 1)
                    recover = true;
                if (recover)
                {
                    if (!await RecoverAsync(reader, stop))
                        continue;
                    recover = false;
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
                recover = true;
                await CreateGroupAsync(reader.Shard);
            }
            catch (Exception e) when (RedisFailure.Is(e))
            {
                logger.LogDebug("Reading shard {Shard} failed ({Error}); trying again", reader.Shard, e.GetType().Name);
                recover = true;
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Whatever goes wrong with one entry must not end the shard's reading while its lease is held.
                logger.LogError(e, "Reading shard {Shard} failed; trying again", reader.Shard);
                recover = true;
                await Task.Delay(TimeSpan.FromSeconds(1), time, CancellationToken.None);
            }
        }
        // Stopped reading: what was taken is finished (acknowledged) before the shard is handed on.
        Task[] pending;
        lock (reader.InFlight)
            pending = [.. reader.InFlight];
        await Task.WhenAll(pending);
    }

    // First what other replicas read and never acknowledged, claimed only once idle for a lease (a live replica's work
    // is never taken from under it), then every entry pending for this replica, oldest first: one pass over the
    // pending entries in stream order, so that a chat's order holds. False when the lease lapsed meanwhile.
    private async Task<bool> RecoverAsync(ShardReader reader, CancellationToken stop)
    {
        var stream = UpdateStreams.Stream(reader.Shard);
        var db = redis.Database;
        var minIdle = (long)Lease.TotalMilliseconds;
        while (true)
        {
            RedisValue start = "0-0";
            do
            {
                var result = await db.StreamAutoClaimIdsOnlyAsync(stream, UpdateStreams.Group, Name, minIdle, start, 100);
                if (result.DeletedIds.Length > 0)
                    await db.StreamAcknowledgeAsync(stream, UpdateStreams.Group, result.DeletedIds);
                start = result.NextStartId;
            }
            while (start != "0-0" && !stop.IsCancellationRequested);
            var pending = await db.StreamPendingAsync(stream, UpdateStreams.Group);
            if (pending.Consumers is null || pending.Consumers.All(c => c.Name == Name))
                break;
            logger.LogDebug("Shard {Shard}: entries of another replica wait to be idle for a lease before they are claimed", reader.Shard);
            await Task.Delay(TimeSpan.FromSeconds(1), time, stop);
            if (reader.Lease.Lost || time.GetTimestamp() >= reader.Lease.ValidUntil)
                return false;
        }
        RedisValue after = "0-0";
        while (!stop.IsCancellationRequested)
        {
            var entries = await db.StreamReadGroupAsync(stream, UpdateStreams.Group, Name, after, 100);
            if (entries.Length == 0)
                return true;
            foreach (var entry in entries)
            {
                if (entry.Values is not { Length: > 0 })
                    await db.StreamAcknowledgeAsync(stream, UpdateStreams.Group, entry.Id);
                else
                    await TakeAsync(reader, entry, claimed: true, stop);
            }
            after = entries[^1].Id;
        }
        return false;
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
            // Everything this update's work does (on the chat's queue too) carries the lease it was taken under, so that
            // a reply is sent only while the lease is still this replica's.
            replies.Current = reader.Lease;
            done = await consumer.DispatchAsync(update);
        }
        var finished = AcknowledgeAfterAsync(done, reader.Lease, entry.Id, id);
        lock (reader.InFlight)
            reader.InFlight.Add(finished);
        _ = finished.ContinueWith(t =>
        {
            lock (reader.InFlight)
                reader.InFlight.Remove(t);
        }, TaskScheduler.Default);
    }

    private async Task AcknowledgeAfterAsync(Task done, ShardLease lease, RedisValue id, string taken)
    {
        var shard = lease.Shard;
        var acknowledged = false;
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
            for (var attempt = 1; !lease.Lost; attempt++)
            {
                try
                {
                    // Acknowledged and deleted in one round trip, under the lease: the stream holds only what is not yet answered.
                    acknowledged = (int)await redis.Database.ScriptEvaluateAsync(AckScript, [UpdateStreams.Lease(shard), stream],
                        [lease.Term.Token, UpdateStreams.Group, id]) == 1;
                    if (acknowledged)
                        logger.LogDebug("Shard {Shard}: entry {EntryId} acknowledged", shard, (string?)id);
                    else
                        logger.LogInformation("Update entry {EntryId} of shard {Shard} left pending: the shard's lease is no longer this replica's", (string?)id, shard);
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
            logger.LogWarning("Update entry {EntryId} was dealt with but could not be acknowledged ({Error}); it is read again", (string?)id, e.GetType().Name);
        }
        finally
        {
            _taken.TryRemove(taken, out _);
            _slots.Release();
            if (!acknowledged && _recover.Length > shard)
            {
                // Left pending: if this replica reads the shard (still, or again), it reads it again (its reply, if one went
                // out, was noted, so it is acknowledged without answering twice).
                Interlocked.Exchange(ref _recover[shard], 1);
                Wake(shard);
            }
        }
    }

    /// <inheritdoc />
    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await base.StopAsync(cancellationToken);
        int[] shards;
        Task[] handovers;
        Dictionary<int, ShardLease> leases;
        lock (_readers)
            (shards, handovers, leases) = ([.. _readers.Keys], [.. _handovers.Values], new(_leases));
        await Task.WhenAll(handovers).WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        var clean = new List<int>();
        foreach (var shard in shards)
        {
            await StopReadingAsync(shard, null, cancellationToken);
            if (!cancellationToken.IsCancellationRequested)
                clean.Add(shard);
        }
        try
        {
            // Handed back at once, so that another replica need not wait for the leases to expire.
            foreach (var shard in clean.Where(leases.ContainsKey))
                await ReleaseAsync(shard, leases[shard].Term.Token).WaitAsync(TimeSpan.FromSeconds(2), CancellationToken.None);
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

    private sealed class ShardReader(int shard, ShardLease lease)
    {
        public int Shard { get; } = shard;

        public ShardLease Lease { get; } = lease;

        public CancellationTokenSource Stop { get; } = new();

        public Task Loop { get; set; } = Task.CompletedTask;

        public HashSet<Task> InFlight { get; } = [];
    }
}
