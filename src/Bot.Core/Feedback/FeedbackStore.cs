using System.Collections.Concurrent;
using System.Threading.Channels;
using Bot.Core.Answering;
using Bot.Core.Common;
using Bot.Core.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Feedback;

/// <summary>What happened to a rating.</summary>
public enum RatingResult
{
    /// <summary>Recorded.</summary>
    Recorded,

    /// <summary>This user had rated this answer already.</summary>
    AlreadyRated,

    /// <summary>No such answer (forgotten, or the id was made up).</summary>
    Unknown,
}

/// <summary>The ratings so far, and the questions users were let down by.</summary>
/// <param name="Answers">Answers recorded.</param>
/// <param name="Declined">Of those, declines.</param>
/// <param name="Up">👍 given.</param>
/// <param name="Down">👎 given.</param>
/// <param name="MostDeclined">Questions declined most often (those kept), with how often.</param>
/// <param name="MostDisliked">Questions rated 👎 most often (those kept), with how often.</param>
public sealed record FeedbackSummary(int Answers, int Declined, int Up, int Down,
    IReadOnlyList<(string Question, int Count)> MostDeclined, IReadOnlyList<(string Question, int Count)> MostDisliked);

/// <summary>
/// Answers given and their ratings, in a small SQLite file (<c>Feedback:Path</c>), bounded by age
/// (<c>Feedback:RetentionDays</c>) and count (<c>Feedback:MaxAnswers</c>). A question's and an answer's text are kept
/// only when the front end passes them (Telegram does with <c>Telegram:KeepQuestions</c>). Recording never waits on the
/// file: answers and ratings go through a bounded queue to one writer, which drops them (counted in
/// <c>bot.feedback.dropped</c>) when the file stays locked or the queue is full; reads wait for the writes queued before them.
/// </summary>
public sealed class FeedbackStore : IDisposable
{
    /// <summary>How long the writer keeps trying while the file is locked before it drops what it holds.</summary>
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(30);

    // The bounds are enforced every this many answers, not on each.
    private const int PruneEvery = 100;

    // SQLite's result codes for a damaged file and for one that is not a database.

    // Writes waiting for the writer (beyond: dropped), and how many go in one transaction.
    private const int QueueCapacity = 1024;
    private const int BatchSize = 256;

    // SQLite busy timeouts, in seconds (the library's unit): the writer's and a rating's look-up short, /feedback's reads longer.
    private const int ShortBusySeconds = 1;
    private const int ReadBusySeconds = 5;

    private static readonly TimeSpan RetryEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan FlushWait = TimeSpan.FromSeconds(5);

    private readonly string _connectionString;
    private readonly string? _path;
    private readonly SqliteConnection? _memory;
    private readonly FeedbackOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly BotMetrics? _metrics;
    private readonly Channel<Write> _writes = Channel.CreateBounded<Write>(new BoundedChannelOptions(QueueCapacity) { SingleReader = true });
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _writer;
    // What is queued and not yet written: a rating looks here first, as the file does not have it yet.
    private readonly ConcurrentDictionary<(long Chat, long Id), byte> _pendingAnswers = new();
    private readonly ConcurrentDictionary<(long Chat, long Id, long User), byte> _pendingRatings = new();
    private readonly Lock _idLock = new();
    // Answer ids are the time in milliseconds shifted left by 10 bits, with this store's own low bits: time-ordered, and
    // apart from those of another process writing the same file. Each id is at least 1,024 above the previous one.
    private readonly long _salt = Random.Shared.Next(1024);
    private long _lastId;
    private bool _schemaReady;
    private bool _locked;
    private int _sincePrune;
    private long _dropped;

    /// <summary>
    /// Opens (or creates) the store. A file that is not a database or is damaged is moved aside
    /// (<c>feedback.db.broken-&lt;time&gt;</c>) and a new one started: ratings are not worth the service.
    /// </summary>
    public FeedbackStore(IOptions<FeedbackOptions> options, IOptions<KnowledgeOptions> knowledge, TimeProvider time, ILogger<FeedbackStore>? logger = null, BotMetrics? metrics = null)
    {
        (_options, _time, _metrics) = (options.Value, time, metrics);
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var file = SqliteFile.Resolve(_options.Path, knowledge.Value.IndexPath, "feedback.db", ShortBusySeconds);
        (_path, _connectionString, _memory) = (file.Path, file.ConnectionString, file.Memory);
        try
        {
            EnsureSchema();
        }
        catch (SqliteException e) when (IsBusy(e))
        {
            // Another process holds the file: the writer creates the schema before its first write.
            _logger.LogWarning("Feedback database {Path} is locked at start; answers are recorded once it is free", LogText.Safe(_path));
        }
        _writer = Task.Run(WriteLoopAsync);
    }

    /// <summary>Records an answer given in <paramref name="chat"/>; returns its id (what a rating names). Never waits on the file.</summary>
    public long RecordAnswer(long chat, string? question, string? answer, IReadOnlyList<string> sourceIds, bool answered)
    {
        var id = NextId();
        _pendingAnswers[(chat, id)] = 0;
        Enqueue(new AnswerWrite(id, _time.GetUtcNow().ToUnixTimeSeconds(), chat, question, answer, string.Join("\n", sourceIds), answered));
        return id;
    }

    /// <summary>
    /// Records <paramref name="user"/>'s rating of answer <paramref name="answerId"/> given in <paramref name="chat"/>;
    /// once per user and answer. An answer id of another chat is <see cref="RatingResult.Unknown"/> here. When the file
    /// cannot be read at once (locked), the rating is taken as new, and written if its answer is there.
    /// </summary>
    public RatingResult Rate(long chat, long answerId, long user, bool up)
    {
        var key = (chat, answerId, user);
        if (_pendingRatings.ContainsKey(key))
            return RatingResult.AlreadyRated;
        if (!_pendingAnswers.ContainsKey((chat, answerId)))
        {
            switch (Lookup(chat, answerId, user))
            {
                case Found.NoAnswer:
                    return RatingResult.Unknown;
                case Found.Rated:
                    return RatingResult.AlreadyRated;
            }
        }
        if (!_pendingRatings.TryAdd(key, 0))
            return RatingResult.AlreadyRated;
        Enqueue(new RatingWrite(chat, answerId, user, up, _time.GetUtcNow().ToUnixTimeSeconds()));
        return RatingResult.Recorded;
    }

    /// <summary>The counts, and the <paramref name="top"/> questions most often declined and most often rated 👎.</summary>
    public FeedbackSummary Summarize(int top = 10)
    {
        Flush();
        using var connection = Open(ReadBusySeconds);
        long Scalar(string sql)
        {
            using var c = connection.CreateCommand();
            c.CommandText = sql;
            return (long)c.ExecuteScalar()!;
        }
        List<(string, int)> Ranked(string sql)
        {
            using var c = connection.CreateCommand();
            c.CommandText = sql;
            c.Parameters.AddWithValue("$top", top);
            using var reader = c.ExecuteReader();
            var list = new List<(string, int)>();
            while (reader.Read())
                list.Add((reader.GetString(0), reader.GetInt32(1)));
            return list;
        }
        return new FeedbackSummary(
            (int)Scalar("SELECT COUNT(*) FROM answers"),
            (int)Scalar("SELECT COUNT(*) FROM answers WHERE answered = 0"),
            (int)Scalar("SELECT COUNT(*) FROM ratings WHERE up = 1"),
            (int)Scalar("SELECT COUNT(*) FROM ratings WHERE up = 0"),
            Ranked("SELECT question, COUNT(*) AS n FROM answers WHERE answered = 0 AND question IS NOT NULL GROUP BY question ORDER BY n DESC, question LIMIT $top"),
            Ranked("SELECT a.question, COUNT(*) AS n FROM ratings r JOIN answers a ON a.id = r.answer_id AND a.chat = r.chat WHERE r.up = 0 AND a.question IS NOT NULL GROUP BY a.question ORDER BY n DESC, a.question LIMIT $top"));
    }

    /// <summary>The questions kept that were declined or rated 👎, each once, oldest first: an evaluation set to be.</summary>
    public IReadOnlyList<string> LetDownQuestions()
    {
        Flush();
        using var connection = Open(ReadBusySeconds);
        using var c = connection.CreateCommand();
        c.CommandText = """
            SELECT question FROM answers a WHERE question IS NOT NULL
              AND (answered = 0 OR EXISTS (SELECT 1 FROM ratings r WHERE r.answer_id = a.id AND r.chat = a.chat AND r.up = 0))
            GROUP BY question ORDER BY MIN(id)
            """;
        using var reader = c.ExecuteReader();
        var list = new List<string>();
        while (reader.Read())
            list.Add(reader.GetString(0));
        return list;
    }

    /// <summary>Answers and ratings dropped so far (the file stayed locked, or the queue was full).</summary>
    internal long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Writes queued and not yet written or dropped.</summary>
    internal int Pending => _pendingAnswers.Count + _pendingRatings.Count;

    /// <inheritdoc />
    public void Dispose()
    {
        // What is queued is written first, unless the file stays locked.
        _writes.Writer.TryComplete();
        if (!_writer.Wait(FlushWait))
        {
            _stopping.Cancel();
            _writer.Wait(FlushWait);
        }
        _stopping.Dispose();
        _memory?.Dispose();
        if (_memory is null)
        {
            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
        }
    }

    private long NextId()
    {
        lock (_idLock)
        {
            var now = (_time.GetUtcNow().ToUnixTimeMilliseconds() << 10) | _salt;
            _lastId = Math.Max(_lastId + 1024, now);
            return _lastId;
        }
    }

    private void Enqueue(Write write)
    {
        if (!_writes.Writer.TryWrite(write))
        {
            Forget(write);
            Drop(1);
        }
    }

    private void Drop(int count)
    {
        Interlocked.Add(ref _dropped, count);
        _metrics?.FeedbackDropped(count);
    }

    private void Forget(Write write)
    {
        switch (write)
        {
            case AnswerWrite a:
                _pendingAnswers.TryRemove((a.Chat, a.Id), out _);
                break;
            case RatingWrite r:
                _pendingRatings.TryRemove((r.Chat, r.AnswerId, r.User), out _);
                break;
            case Barrier b:
                b.Done.TrySetResult();
                break;
        }
    }

    // Waits (briefly) until what was queued before is written or dropped.
    private void Flush()
    {
        var barrier = new Barrier(new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (!_writes.Writer.TryWrite(barrier))
            return;
        try
        {
            barrier.Done.Task.WaitAsync(FlushWait, _time).GetAwaiter().GetResult();
        }
        catch (TimeoutException)
        {
        }
    }

    // One writer: takes what is queued, up to a batch, and writes it in one transaction; while the file is locked it
    // tries again every second, and drops the batch once it stayed locked for GiveUpAfter.
    private async Task WriteLoopAsync()
    {
        var batch = new List<Write>(BatchSize);
        try
        {
            while (await _writes.Reader.WaitToReadAsync(_stopping.Token).ConfigureAwait(false))
            {
                while (batch.Count < BatchSize && _writes.Reader.TryRead(out var write))
                    batch.Add(write);
                await WriteAsync(batch).ConfigureAwait(false);
                batch.Clear();
            }
        }
        catch (OperationCanceledException) when (_stopping.IsCancellationRequested)
        {
            Drop(batch.Count(w => w is not Barrier));
            batch.ForEach(Forget);
            while (_writes.Reader.TryRead(out var left))
            {
                Drop(left is Barrier ? 0 : 1);
                Forget(left);
            }
        }
    }

    private async Task WriteAsync(List<Write> batch)
    {
        DateTimeOffset? lockedSince = null;
        try
        {
            while (true)
            {
                try
                {
                    WriteBatch(batch);
                    if (_locked)
                    {
                        _locked = false;
                        _logger.LogInformation("Feedback database {Path} is writable again", LogText.Safe(_path ?? "memory"));
                    }
                    return;
                }
                catch (SqliteException e) when (IsBusy(e))
                {
                    var now = _time.GetUtcNow();
                    lockedSince ??= now;
                    if (!_locked)
                    {
                        _locked = true;
                        _logger.LogWarning("Feedback database {Path} is locked; answers and ratings wait, and are dropped if it stays locked for {Seconds} s",
                            LogText.Safe(_path ?? "memory"), GiveUpAfter.TotalSeconds);
                    }
                    if (now - lockedSince >= GiveUpAfter)
                    {
                        Drop(batch.Count(w => w is not Barrier));
                        return;
                    }
                    await Task.Delay(RetryEvery, _time, _stopping.Token).ConfigureAwait(false);
                }
                catch (SqliteException e) when (_path is not null && SqliteFile.IsDamaged(e))
                {
                    var aside = SqliteFile.MoveAside(_path, _connectionString, _time.GetUtcNow());
                    _logger.LogWarning("Feedback database {Path} is damaged ({Reason}); moved to {Aside}, and a new one started", LogText.Safe(_path), LogText.Safe(e.Message), LogText.Safe(aside));
                    _schemaReady = false;
                }
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Ratings are optional: whatever fails here costs this batch, never the writer (nor the answers).
            _logger.LogWarning("Feedback database {Path} could not be written ({Reason}); {Count} answers and ratings dropped",
                LogText.Safe(_path ?? "memory"), LogText.Safe(e.Message), batch.Count(w => w is not Barrier));
            Drop(batch.Count(w => w is not Barrier));
        }
        finally
        {
            batch.ForEach(Forget);
        }
    }

    private void WriteBatch(List<Write> batch)
    {
        if (!_schemaReady)
            EnsureSchema();
        using var connection = Open(ShortBusySeconds);
        using var transaction = connection.BeginTransaction();
        var answers = 0;
        foreach (var write in batch)
        {
            using var c = connection.CreateCommand();
            c.Transaction = transaction;
            switch (write)
            {
                case AnswerWrite a:
                    // OR IGNORE: an id another process took (its low bits drawn alike) loses this one answer, not the batch.
                    c.CommandText = "INSERT OR IGNORE INTO answers (id, time, chat, question, answer, sources, answered) VALUES ($id, $time, $chat, $question, $answer, $sources, $answered)";
                    c.Parameters.AddWithValue("$id", a.Id);
                    c.Parameters.AddWithValue("$time", a.Time);
                    c.Parameters.AddWithValue("$chat", a.Chat);
                    c.Parameters.AddWithValue("$question", (object?)a.Question ?? DBNull.Value);
                    c.Parameters.AddWithValue("$answer", (object?)a.Answer ?? DBNull.Value);
                    c.Parameters.AddWithValue("$sources", a.Sources);
                    c.Parameters.AddWithValue("$answered", a.Answered ? 1 : 0);
                    answers++;
                    break;
                case RatingWrite r:
                    c.CommandText = """
                        INSERT OR IGNORE INTO ratings (chat, answer_id, user, up, time)
                          SELECT $chat, $id, $user, $up, $time WHERE EXISTS (SELECT 1 FROM answers WHERE id = $id AND chat = $chat)
                        """;
                    c.Parameters.AddWithValue("$chat", r.Chat);
                    c.Parameters.AddWithValue("$id", r.AnswerId);
                    c.Parameters.AddWithValue("$user", r.User);
                    c.Parameters.AddWithValue("$up", r.Up ? 1 : 0);
                    c.Parameters.AddWithValue("$time", r.Time);
                    break;
                default:
                    continue;
            }
            c.ExecuteNonQuery();
        }
        if (_sincePrune + answers >= PruneEvery)
            Prune(connection, transaction);
        transaction.Commit();
        _sincePrune = (_sincePrune + answers) % PruneEvery;
    }

    private enum Found
    {
        NoAnswer,
        Rated,
        Unrated,
        Unreadable,
    }

    // Whether the answer is in the file and this user rated it; a locked or unreadable file is not waited on for long.
    private Found Lookup(long chat, long answerId, long user)
    {
        try
        {
            using var connection = Open(ShortBusySeconds);
            using var c = connection.CreateCommand();
            c.CommandText = """
                SELECT (SELECT COUNT(*) FROM answers WHERE id = $id AND chat = $chat),
                       (SELECT COUNT(*) FROM ratings WHERE chat = $chat AND answer_id = $id AND user = $user)
                """;
            c.Parameters.AddWithValue("$id", answerId);
            c.Parameters.AddWithValue("$chat", chat);
            c.Parameters.AddWithValue("$user", user);
            using var reader = c.ExecuteReader();
            reader.Read();
            return reader.GetInt64(0) == 0 ? Found.NoAnswer : reader.GetInt64(1) > 0 ? Found.Rated : Found.Unrated;
        }
        catch (SqliteException)
        {
            return Found.Unreadable;
        }
    }

    private static bool IsBusy(SqliteException e) => (e.SqliteErrorCode & 0xFF) is 5 or 6; // SQLITE_BUSY, SQLITE_LOCKED

    private void EnsureSchema()
    {
        try
        {
            CreateSchema();
        }
        catch (SqliteException e) when (_path is not null && SqliteFile.IsDamaged(e))
        {
            var aside = SqliteFile.MoveAside(_path, _connectionString, _time.GetUtcNow());
            _logger.LogWarning("Feedback database {Path} is damaged ({Reason}); moved to {Aside}, and a new one started", LogText.Safe(_path), LogText.Safe(e.Message), LogText.Safe(aside));
            CreateSchema();
        }
        _schemaReady = true;
    }

    private void CreateSchema()
    {
        using var connection = Open(ShortBusySeconds);
        // A damaged file may open and only fail on the pages it has lost: checked whole (a few ms at the sizes kept).
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check";
            if (check.ExecuteScalar() is string result && result != "ok")
                throw new SqliteException($"quick_check: {result}", SqliteFile.Corrupt);
        }
        using (var c = connection.CreateCommand())
        {
            // Write-ahead logging: a rating's look-up reads while another connection writes.
            c.CommandText = (_path is null ? "" : "PRAGMA journal_mode = WAL;") + """
                CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, chat INTEGER NOT NULL,
                    question TEXT NULL, answer TEXT NULL, sources TEXT NOT NULL, answered INTEGER NOT NULL);
                CREATE INDEX IF NOT EXISTS answers_time ON answers (time);
                """;
            c.ExecuteNonQuery();
        }
        MigrateRatings(connection);
        using (var max = connection.CreateCommand())
        {
            max.CommandText = "SELECT COALESCE(MAX(id), 0) FROM answers";
            var last = (long)max.ExecuteScalar()!;
            lock (_idLock)
                _lastId = Math.Max(_lastId, (last >> 10 << 10) | _salt);
        }
    }

    // Ratings are keyed by chat as well as by answer id. A database made before that (ratings keyed by answer id and
    // user alone) is rewritten once, in one transaction, each rating taking the chat of the answer it names.
    private static void MigrateRatings(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction();
        using var columns = connection.CreateCommand();
        columns.Transaction = transaction;
        columns.CommandText = "SELECT (SELECT COUNT(*) FROM pragma_table_info('ratings')) > 0 AND (SELECT COUNT(*) FROM pragma_table_info('ratings') WHERE name = 'chat') = 0";
        var old = (long)columns.ExecuteScalar()! > 0;
        using var c = connection.CreateCommand();
        c.Transaction = transaction;
        c.CommandText = (old ? "ALTER TABLE ratings RENAME TO ratings_v1;" : "") + """
            CREATE TABLE IF NOT EXISTS ratings (chat INTEGER NOT NULL, answer_id INTEGER NOT NULL, user INTEGER NOT NULL, up INTEGER NOT NULL,
                time INTEGER NOT NULL, PRIMARY KEY (chat, answer_id, user));
            """ + (old ? """
            INSERT OR IGNORE INTO ratings (chat, answer_id, user, up, time)
              SELECT a.chat, r.answer_id, r.user, r.up, r.time FROM ratings_v1 r JOIN answers a ON a.id = r.answer_id;
            DROP TABLE ratings_v1;
            """ : "");
        c.ExecuteNonQuery();
        transaction.Commit();
    }

    // Forgets answers past the retention or beyond the count bound (ids are sparse: the count is by rank), and their ratings.
    private void Prune(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var c = connection.CreateCommand();
        c.Transaction = transaction;
        c.CommandText = """
            DELETE FROM answers WHERE time < $oldest OR id <= (SELECT id FROM answers ORDER BY id DESC LIMIT 1 OFFSET $max);
            DELETE FROM ratings WHERE NOT EXISTS (SELECT 1 FROM answers a WHERE a.id = ratings.answer_id AND a.chat = ratings.chat);
            """;
        c.Parameters.AddWithValue("$oldest", _time.GetUtcNow().AddDays(-_options.RetentionDays).ToUnixTimeSeconds());
        c.Parameters.AddWithValue("$max", _options.MaxAnswers);
        c.ExecuteNonQuery();
    }

    private SqliteConnection Open(int busySeconds)
    {
        var connection = new SqliteConnection(_connectionString) { DefaultTimeout = busySeconds };
        connection.Open();
        return connection;
    }

    private abstract record Write;

    private sealed record AnswerWrite(long Id, long Time, long Chat, string? Question, string? Answer, string Sources, bool Answered) : Write;

    private sealed record RatingWrite(long Chat, long AnswerId, long User, bool Up, long Time) : Write;

    private sealed record Barrier(TaskCompletionSource Done) : Write;
}
