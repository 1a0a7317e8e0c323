using System.Collections.Concurrent;
using System.Text.Json;
using Bot.Core.Common;
using Bot.Core.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Newsroom;

/// <summary>
/// The newsroom's state in a small SQLite file (<c>Subscriptions:Path</c>, else <c>newsroom.db</c> beside the index, in
/// memory when the index is): one replica. Its work runs off the caller's thread, one statement group at a time, with a
/// short busy timeout; a file that is damaged or not a database is moved aside (<c>newsroom.db.broken-&lt;time&gt;</c>)
/// and a new one started, as the feedback store does. Claims on a chat's pushes are this process's own.
/// </summary>
public sealed class SqliteNewsroomStore : INewsroomStore, IDisposable
{
    private const int BusySeconds = 5;

    private readonly string _connectionString;
    private readonly string? _path;
    private readonly SqliteConnection? _memory;
    private readonly SubscriptionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly ConcurrentDictionary<long, (string Token, DateTimeOffset Until)> _claims = new();
    private bool _schemaReady;

    /// <summary>Opens (or creates) the store.</summary>
    public SqliteNewsroomStore(IOptions<SubscriptionOptions> options, IOptions<KnowledgeOptions> knowledge, TimeProvider time, ILogger<SqliteNewsroomStore>? logger = null)
    {
        (_options, _time) = (options.Value, time);
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var file = SqliteFile.Resolve(_options.Path, knowledge.Value.IndexPath, "newsroom.db", BusySeconds);
        (_path, _connectionString, _memory) = (file.Path, file.ConnectionString, file.Memory);
    }

    /// <inheritdoc />
    public Task<SubscribeResult> SubscribeAsync(long chat, string words, int max, CancellationToken cancellationToken = default) =>
        RunAsync(c =>
        {
            using var t = c.BeginTransaction();
            if (Scalar(c, t, "SELECT COUNT(*) FROM subs WHERE chat = $chat AND words = $words", ("$chat", chat), ("$words", words)) > 0)
                return SubscribeResult.AlreadyThere;
            if (Scalar(c, t, "SELECT COUNT(*) FROM subs WHERE chat = $chat", ("$chat", chat)) >= max)
                return SubscribeResult.TooMany;
            Execute(c, t, "INSERT INTO subs (chat, words, time) VALUES ($chat, $words, $time)", ("$chat", chat), ("$words", words), ("$time", Now()));
            t.Commit();
            return SubscribeResult.Added;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> UnsubscribeAsync(long chat, string words, CancellationToken cancellationToken = default) =>
        RunAsync(c => Execute(c, null, "DELETE FROM subs WHERE chat = $chat AND words = $words", ("$chat", chat), ("$words", words)) > 0, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> SubscriptionsAsync(long chat, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<string>>(c => Read(c, "SELECT words FROM subs WHERE chat = $chat ORDER BY time, words", r => r.GetString(0), ("$chat", chat)), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<Subscription>> AllSubscriptionsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<Subscription>>(c => Read(c, "SELECT chat, words FROM subs ORDER BY chat, time", r => new Subscription(r.GetInt64(0), r.GetString(1))), cancellationToken);

    /// <inheritdoc />
    public Task ForgetChatAsync(long chat, CancellationToken cancellationToken = default) =>
        RunAsync(c =>
        {
            using var t = c.BeginTransaction();
            Execute(c, t, "DELETE FROM subs WHERE chat = $chat; DELETE FROM pending WHERE chat = $chat; DELETE FROM digests WHERE chat = $chat", ("$chat", chat));
            t.Commit();
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlySet<string>?> UnseenAsync(string folder, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlySet<string>?>(c =>
        {
            using var t = c.BeginTransaction();
            if (Scalar(c, t, "SELECT COUNT(*) FROM folders WHERE folder = $folder", ("$folder", folder)) == 0)
                return null;
            var unseen = new HashSet<string>(StringComparer.Ordinal);
            using var q = c.CreateCommand();
            q.Transaction = t;
            q.CommandText = "SELECT 1 FROM seen WHERE folder = $folder AND stamp = $stamp";
            q.Parameters.AddWithValue("$folder", folder);
            var p = q.Parameters.Add("$stamp", SqliteType.Text);
            foreach (var stamp in stamps)
            {
                p.Value = stamp;
                if (q.ExecuteScalar() is null)
                    unseen.Add(stamp);
            }
            return unseen;
        }, cancellationToken);

    /// <inheritdoc />
    public Task MarkSeenAsync(string folder, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default) =>
        RunAsync(c =>
        {
            using var t = c.BeginTransaction();
            Execute(c, t, "INSERT OR IGNORE INTO folders (folder) VALUES ($folder)", ("$folder", folder));
            InsertSeen(c, t, folder, stamps, null);
            t.Commit();
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AddedArticle>> RecordAddedAsync(string folder, IReadOnlyList<AddedArticle> articles, IReadOnlyList<PendingPush> pushes, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<AddedArticle>>(c =>
        {
            using var t = c.BeginTransaction();
            Execute(c, t, "INSERT OR IGNORE INTO folders (folder) VALUES ($folder)", ("$folder", folder));
            var recorded = new List<AddedArticle>();
            var byStamp = articles.DistinctBy(a => a.Stamp).ToDictionary(a => a.Stamp, StringComparer.Ordinal);
            InsertSeen(c, t, folder, byStamp.Keys, s => recorded.Add(byStamp[s]));
            var mine = recorded.Select(a => a.Stamp).ToHashSet(StringComparer.Ordinal);
            foreach (var article in recorded)
            {
                Execute(c, t, "INSERT OR REPLACE INTO added (stamp, time, json) VALUES ($stamp, $time, $json)",
                    ("$stamp", article.Stamp), ("$time", article.AddedAt.ToUnixTimeMilliseconds()), ("$json", JsonSerializer.Serialize(article)));
            }
            foreach (var push in pushes.Where(p => mine.Contains(p.Article.Stamp)))
            {
                Execute(c, t, "INSERT OR IGNORE INTO pending (chat, stamp, words, time) VALUES ($chat, $stamp, $words, $time)",
                    ("$chat", push.Chat), ("$stamp", push.Article.Stamp), ("$words", push.Words), ("$time", push.Article.AddedAt.ToUnixTimeMilliseconds()));
            }
            // Digests and pushes owed look back RetentionDays at most.
            Execute(c, t, "DELETE FROM added WHERE time < $oldest; DELETE FROM pending WHERE time < $oldest",
                ("$oldest", _time.GetUtcNow().AddDays(-_options.RetentionDays).ToUnixTimeMilliseconds()));
            t.Commit();
            return recorded;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<(IReadOnlyList<AddedArticle> Articles, int Total)> AddedBetweenAsync(DateTimeOffset from, DateTimeOffset to, int max, CancellationToken cancellationToken = default) =>
        RunAsync<(IReadOnlyList<AddedArticle>, int)>(c =>
        {
            (string, object)[] range = [("$from", from.ToUnixTimeMilliseconds()), ("$to", to.ToUnixTimeMilliseconds()), ("$max", max)];
            var total = (int)Scalar(c, null, "SELECT COUNT(*) FROM added WHERE time >= $from AND time < $to", range);
            var list = Read(c, "SELECT json FROM added WHERE time >= $from AND time < $to ORDER BY time DESC, stamp LIMIT $max",
                r => JsonSerializer.Deserialize<AddedArticle>(r.GetString(0))!, range);
            return (list, total);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PendingPush>> PendingAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<PendingPush>>(c => Read(c, "SELECT p.chat, p.words, a.json FROM pending p JOIN added a ON a.stamp = p.stamp ORDER BY p.time, p.chat, p.stamp",
            r => new PendingPush(r.GetInt64(0), r.GetString(1), JsonSerializer.Deserialize<AddedArticle>(r.GetString(2))!)), cancellationToken);

    /// <inheritdoc />
    public Task<string?> TryClaimAsync(long chat, TimeSpan lease, CancellationToken cancellationToken = default)
    {
        var now = _time.GetUtcNow();
        var token = Guid.NewGuid().ToString("N");
        while (true)
        {
            if (_claims.TryGetValue(chat, out var held))
            {
                if (held.Until > now)
                    return Task.FromResult<string?>(null);
                if (_claims.TryUpdate(chat, (token, now + lease), held))
                    return Task.FromResult<string?>(token);
            }
            else if (_claims.TryAdd(chat, (token, now + lease)))
            {
                return Task.FromResult<string?>(token);
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlySet<string>> OwedAsync(long chat, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlySet<string>>(c => Read(c, "SELECT stamp FROM pending WHERE chat = $chat", r => r.GetString(0), ("$chat", chat))
            .Where(stamps.Contains).ToHashSet(StringComparer.Ordinal), cancellationToken);

    /// <inheritdoc />
    public Task AcknowledgeAsync(long chat, string token, IReadOnlyCollection<string> stamps, CancellationToken cancellationToken = default) =>
        RunAsync(c =>
        {
            using var t = c.BeginTransaction();
            foreach (var stamp in stamps)
                Execute(c, t, "DELETE FROM pending WHERE chat = $chat AND stamp = $stamp", ("$chat", chat), ("$stamp", stamp));
            t.Commit();
            return 0;
        }, cancellationToken);

    /// <inheritdoc />
    public Task ReleaseAsync(long chat, string token, CancellationToken cancellationToken = default)
    {
        if (_claims.TryGetValue(chat, out var held) && held.Token == token)
            _claims.TryRemove(new KeyValuePair<long, (string, DateTimeOffset)>(chat, held));
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task SetDigestAsync(long chat, DigestSchedule? schedule, CancellationToken cancellationToken = default) =>
        RunAsync(c => schedule is null
            ? Execute(c, null, "DELETE FROM digests WHERE chat = $chat", ("$chat", chat))
            : Execute(c, null, "INSERT OR REPLACE INTO digests (chat, at, next_due, since) VALUES ($chat, $at, $due, $since)",
                ("$chat", chat), ("$at", schedule.At.ToString("HH:mm", System.Globalization.CultureInfo.InvariantCulture)),
                ("$due", schedule.NextDue.ToUnixTimeMilliseconds()), ("$since", schedule.Since.ToUnixTimeMilliseconds())), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DigestSchedule>> DigestsAsync(CancellationToken cancellationToken = default) =>
        RunAsync<IReadOnlyList<DigestSchedule>>(c => Read(c, "SELECT chat, at, next_due, since FROM digests ORDER BY next_due",
            r => new DigestSchedule(r.GetInt64(0), TimeOnly.ParseExact(r.GetString(1), "HH:mm", System.Globalization.CultureInfo.InvariantCulture),
                DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(3)))), cancellationToken);

    /// <inheritdoc />
    public Task<bool> TryAdvanceDigestAsync(DigestSchedule due, DigestSchedule next, CancellationToken cancellationToken = default) =>
        RunAsync(c => Execute(c, null, "UPDATE digests SET next_due = $next, since = $since WHERE chat = $chat AND next_due = $due",
            ("$chat", due.Chat), ("$due", due.NextDue.ToUnixTimeMilliseconds()), ("$next", next.NextDue.ToUnixTimeMilliseconds()), ("$since", next.Since.ToUnixTimeMilliseconds())) == 1,
            cancellationToken);

    /// <inheritdoc />
    public void Dispose()
    {
        _memory?.Dispose();
        if (_memory is null)
        {
            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
        }
        _gate.Dispose();
    }

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private static void InsertSeen(SqliteConnection c, SqliteTransaction t, string folder, IReadOnlyCollection<string> stamps, Action<string>? inserted)
    {
        using var q = c.CreateCommand();
        q.Transaction = t;
        q.CommandText = "INSERT OR IGNORE INTO seen (folder, stamp) VALUES ($folder, $stamp)";
        q.Parameters.AddWithValue("$folder", folder);
        var p = q.Parameters.Add("$stamp", SqliteType.Text);
        foreach (var stamp in stamps)
        {
            p.Value = stamp;
            if (q.ExecuteNonQuery() == 1)
                inserted?.Invoke(stamp);
        }
    }

    // One group of statements at a time, off the caller's thread; a damaged file is moved aside once and the work tried again.
    private async Task<T> RunAsync<T>(Func<SqliteConnection, T> work, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await Task.Run(() =>
            {
                try
                {
                    return Once(work);
                }
                catch (SqliteException e) when (_path is not null && SqliteFile.IsDamaged(e))
                {
                    var aside = SqliteFile.MoveAside(_path, _connectionString, _time.GetUtcNow());
                    _logger.LogWarning("Newsroom database {Path} is damaged ({Reason}); moved to {Aside}, and a new one started", LogText.Safe(_path), LogText.Safe(e.Message), LogText.Safe(aside));
                    _schemaReady = false;
                    return Once(work);
                }
            }, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    private T Once<T>(Func<SqliteConnection, T> work)
    {
        using var connection = new SqliteConnection(_connectionString);
        connection.Open();
        if (!_schemaReady)
        {
            CreateSchema(connection);
            _schemaReady = true;
        }
        return work(connection);
    }

    private void CreateSchema(SqliteConnection connection)
    {
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check";
            if (check.ExecuteScalar() is string result && result != "ok")
                throw new SqliteException($"quick_check: {result}", SqliteFile.Corrupt);
        }
        Execute(connection, null, (_path is null ? "" : "PRAGMA journal_mode = WAL;") + """
            CREATE TABLE IF NOT EXISTS subs (chat INTEGER NOT NULL, words TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (chat, words));
            CREATE TABLE IF NOT EXISTS folders (folder TEXT PRIMARY KEY);
            CREATE TABLE IF NOT EXISTS seen (folder TEXT NOT NULL, stamp TEXT NOT NULL, PRIMARY KEY (folder, stamp)) WITHOUT ROWID;
            CREATE TABLE IF NOT EXISTS added (stamp TEXT PRIMARY KEY, time INTEGER NOT NULL, json TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS added_time ON added (time);
            CREATE TABLE IF NOT EXISTS pending (chat INTEGER NOT NULL, stamp TEXT NOT NULL, words TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (chat, stamp));
            CREATE TABLE IF NOT EXISTS digests (chat INTEGER PRIMARY KEY, at TEXT NOT NULL, next_due INTEGER NOT NULL, since INTEGER NOT NULL);
            """);
    }

    private static int Execute(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return command.ExecuteNonQuery();
    }

    private static long Scalar(SqliteConnection c, SqliteTransaction? t, string sql, params (string Name, object Value)[] parameters)
    {
        using var command = Command(c, t, sql, parameters);
        return (long)command.ExecuteScalar()!;
    }

    private static List<T> Read<T>(SqliteConnection c, string sql, Func<SqliteDataReader, T> row, params (string Name, object Value)[] parameters)
    {
        using var command = Command(c, null, sql, parameters);
        using var reader = command.ExecuteReader();
        var list = new List<T>();
        while (reader.Read())
            list.Add(row(reader));
        return list;
    }

    private static SqliteCommand Command(SqliteConnection c, SqliteTransaction? t, string sql, (string Name, object Value)[] parameters)
    {
        var command = c.CreateCommand();
        command.Transaction = t;
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
            command.Parameters.AddWithValue(name, value);
        return command;
    }
}
