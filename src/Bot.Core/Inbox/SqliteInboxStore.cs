using Bot.Core.Common;
using Bot.Core.Options;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Inbox;

/// <summary>
/// The inbox in a small SQLite file (<c>Inbox:Path</c>, else <c>inbox.db</c> beside the index; in memory when the index
/// is). Every call is short and guarded: a locked file (another process writing) is waited on for a second, then the call
/// is given up and logged once until the file is usable again; a damaged file is moved aside
/// (<c>inbox.db.broken-&lt;time&gt;</c>) and a new one started. Answering never waits longer, nor fails, for it.
/// </summary>
public sealed class SqliteInboxStore : IInboxStore, IDisposable
{
    // The bounds are enforced every this many items, not on each.
    private const int PruneEvery = 50;
    private const int BusySeconds = 1;

    private readonly InboxOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly string _connectionString;
    private readonly string? _path;
    private readonly SqliteConnection? _memory;
    private readonly Lock _lock = new();
    private bool _schemaReady;
    private bool _failing;
    private int _sincePrune;

    /// <summary>Opens (or creates) the store; a damaged file is moved aside, a locked one is used once it is free.</summary>
    public SqliteInboxStore(IOptions<InboxOptions> options, IOptions<KnowledgeOptions> knowledge, TimeProvider time, ILogger<SqliteInboxStore>? logger = null)
    {
        (_options, _time) = (options.Value, time);
        _logger = logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
        var file = SqliteFile.Resolve(_options.Path, knowledge.Value.IndexPath, "inbox.db", BusySeconds);
        (_path, _connectionString, _memory) = (file.Path, file.ConnectionString, file.Memory);
        Run("open", c => 0, 0);
    }

    /// <inheritdoc />
    public Task AddAsync(InboxItem item, CancellationToken cancellationToken = default)
    {
        Run("keep a question", c =>
        {
            using var transaction = c.BeginTransaction();
            using (var insert = c.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = """
                    INSERT INTO items (time, chat, thread, message, reason, question, words, grp)
                    VALUES ($time, $chat, $thread, $message, $reason, $question, $words, $grp)
                    """;
                insert.Parameters.AddWithValue("$time", item.Time.ToUnixTimeSeconds());
                insert.Parameters.AddWithValue("$chat", item.Chat);
                insert.Parameters.AddWithValue("$thread", (object?)item.Thread ?? DBNull.Value);
                insert.Parameters.AddWithValue("$message", item.Message);
                insert.Parameters.AddWithValue("$reason", item.Reason);
                insert.Parameters.AddWithValue("$question", (object?)item.Question ?? DBNull.Value);
                insert.Parameters.AddWithValue("$words", item.Words);
                insert.Parameters.AddWithValue("$grp", item.Group);
                insert.ExecuteNonQuery();
            }
            if (++_sincePrune >= PruneEvery)
            {
                Prune(c, transaction);
                _sincePrune = 0;
            }
            transaction.Commit();
            return 0;
        }, 0);
        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InboxGroup>?> GroupsAsync(int max, CancellationToken cancellationToken = default)
    {
        var items = Run<IReadOnlyList<InboxItem>?>("read the inbox", c => ReadItems(c, _options.MaxItems), null);
        return Task.FromResult(items is null ? null : InboxGroup.Of(items, max));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<InboxItem>> ItemsAsync(int max, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run<IReadOnlyList<InboxItem>>("read the inbox", c => ReadItems(c, max), []));

    /// <inheritdoc />
    public Task<int> DismissAsync(string groupId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run("dismiss a question", c =>
        {
            using var delete = c.CreateCommand();
            delete.CommandText = "DELETE FROM items WHERE grp = $grp";
            delete.Parameters.AddWithValue("$grp", groupId);
            return delete.ExecuteNonQuery();
        }, 0));

    /// <inheritdoc />
    public Task<bool> ClaimNoticeAsync(long chat, string groupId, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run("note a notice", c =>
        {
            using var insert = c.CreateCommand();
            insert.CommandText = "INSERT OR IGNORE INTO told (chat, grp, time) VALUES ($chat, $grp, $time)";
            insert.Parameters.AddWithValue("$chat", chat);
            insert.Parameters.AddWithValue("$grp", groupId);
            insert.Parameters.AddWithValue("$time", _time.GetUtcNow().ToUnixTimeSeconds());
            return insert.ExecuteNonQuery() == 1;
        }, false));

    /// <inheritdoc />
    public Task<DateTimeOffset?> ClaimDailyAsync(DateOnly day, DateTimeOffset now, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run<DateTimeOffset?>("claim the daily message", c =>
        {
            using var transaction = c.BeginTransaction();
            using (var insert = c.CreateCommand())
            {
                insert.Transaction = transaction;
                insert.CommandText = "INSERT OR IGNORE INTO daily (day, time) VALUES ($day, $time)";
                insert.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                insert.Parameters.AddWithValue("$time", now.ToUnixTimeSeconds());
                if (insert.ExecuteNonQuery() == 0)
                    return null;
            }
            long? previous;
            using (var select = c.CreateCommand())
            {
                select.Transaction = transaction;
                select.CommandText = "SELECT MAX(time) FROM daily WHERE day <> $day";
                select.Parameters.AddWithValue("$day", day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture));
                previous = select.ExecuteScalar() is long t ? t : null;
            }
            // Only the newest two days are needed: this one, and the one before it.
            using (var prune = c.CreateCommand())
            {
                prune.Transaction = transaction;
                prune.CommandText = "DELETE FROM daily WHERE time < $previous";
                prune.Parameters.AddWithValue("$previous", previous ?? 0);
                prune.ExecuteNonQuery();
            }
            transaction.Commit();
            return previous is { } p ? DateTimeOffset.FromUnixTimeSeconds(p) : DateTimeOffset.MinValue;
        }, null));

    /// <inheritdoc />
    public Task<CuratedAnswer?> AddCuratedAsync(string question, string words, string text, DateTimeOffset expires, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run<CuratedAnswer?>("keep a curated answer", c =>
        {
            using var transaction = c.BeginTransaction();
            PruneCurated(c, transaction);
            using (var count = c.CreateCommand())
            {
                count.Transaction = transaction;
                count.CommandText = "SELECT COUNT(*) FROM curated";
                if ((long)count.ExecuteScalar()! >= _options.MaxCurated)
                    return null;
            }
            var now = _time.GetUtcNow();
            using var insert = c.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = "INSERT INTO curated (created, expires, question, words, answer) VALUES ($created, $expires, $question, $words, $answer) RETURNING id";
            insert.Parameters.AddWithValue("$created", now.ToUnixTimeSeconds());
            insert.Parameters.AddWithValue("$expires", expires.ToUnixTimeSeconds());
            insert.Parameters.AddWithValue("$question", question);
            insert.Parameters.AddWithValue("$words", words);
            insert.Parameters.AddWithValue("$answer", text);
            var id = (long)insert.ExecuteScalar()!;
            transaction.Commit();
            return new CuratedAnswer(id, question, words, text, DateTimeOffset.FromUnixTimeSeconds(now.ToUnixTimeSeconds()), DateTimeOffset.FromUnixTimeSeconds(expires.ToUnixTimeSeconds()));
        }, null));

    /// <inheritdoc />
    public Task<IReadOnlyList<CuratedAnswer>?> CuratedAsync(CancellationToken cancellationToken = default) =>
        Task.FromResult(Run<IReadOnlyList<CuratedAnswer>?>("read the curated answers", c =>
        {
            using var select = c.CreateCommand();
            select.CommandText = "SELECT id, question, words, answer, created, expires FROM curated ORDER BY id";
            using var reader = select.ExecuteReader();
            var list = new List<CuratedAnswer>();
            while (reader.Read())
            {
                list.Add(new CuratedAnswer(reader.GetInt64(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                    DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(4)), DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(5))));
            }
            return list;
        }, null));

    /// <inheritdoc />
    public Task<bool> RemoveCuratedAsync(long id, CancellationToken cancellationToken = default) =>
        Task.FromResult(Run("delete a curated answer", c =>
        {
            using var delete = c.CreateCommand();
            delete.CommandText = "DELETE FROM curated WHERE id = $id";
            delete.Parameters.AddWithValue("$id", id);
            return delete.ExecuteNonQuery() == 1;
        }, false));

    /// <inheritdoc />
    public void Dispose()
    {
        _memory?.Dispose();
        if (_memory is null)
        {
            using var pooled = new SqliteConnection(_connectionString);
            SqliteConnection.ClearPool(pooled);
        }
    }

    private static List<InboxItem> ReadItems(SqliteConnection c, int max)
    {
        using var select = c.CreateCommand();
        select.CommandText = "SELECT chat, thread, message, time, reason, question, words FROM items ORDER BY id DESC LIMIT $max";
        select.Parameters.AddWithValue("$max", max);
        using var reader = select.ExecuteReader();
        var list = new List<InboxItem>();
        while (reader.Read())
        {
            list.Add(new InboxItem(reader.GetInt64(0), reader.IsDBNull(1) ? null : reader.GetInt32(1), reader.GetInt32(2),
                DateTimeOffset.FromUnixTimeSeconds(reader.GetInt64(3)), reader.GetString(4), reader.IsDBNull(5) ? null : reader.GetString(5), reader.GetString(6)));
        }
        return list;
    }

    // One guarded call: the schema made first when needed; a locked file gives up with the fallback (logged once until it
    // works again), a damaged one is moved aside and the call made once more on a new file.
    private T Run<T>(string what, Func<SqliteConnection, T> call, T fallback)
    {
        lock (_lock)
        {
            for (var attempt = 0; ; attempt++)
            {
                try
                {
                    using var connection = new SqliteConnection(_connectionString) { DefaultTimeout = BusySeconds };
                    connection.Open();
                    if (!_schemaReady)
                        CreateSchema(connection);
                    var result = call(connection);
                    if (_failing)
                    {
                        _failing = false;
                        _logger.LogInformation("Inbox database {Path} is usable again", LogText.Safe(_path ?? "memory"));
                    }
                    return result;
                }
                catch (SqliteException e) when (attempt == 0 && _path is not null && SqliteFile.IsDamaged(e))
                {
                    var aside = SqliteFile.MoveAside(_path, _connectionString, _time.GetUtcNow());
                    _logger.LogWarning("Inbox database {Path} is damaged ({Reason}); moved to {Aside}, and a new one started", LogText.Safe(_path), LogText.Safe(e.Message), LogText.Safe(aside));
                    _schemaReady = false;
                }
                catch (SqliteException e)
                {
                    if (!_failing)
                    {
                        _failing = true;
                        _logger.LogWarning("Inbox database {Path} could not {What} ({Reason}); the inbox waits, answering goes on",
                            LogText.Safe(_path ?? "memory"), what, LogText.Safe(e.Message));
                    }
                    return fallback;
                }
            }
        }
    }

    private void CreateSchema(SqliteConnection connection)
    {
        // A damaged file may open and only fail on the pages it has lost: checked whole (a few ms at the sizes kept).
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check";
            if (check.ExecuteScalar() is string result && result != "ok")
                throw new SqliteException($"quick_check: {result}", SqliteFile.Corrupt);
        }
        using var c = connection.CreateCommand();
        c.CommandText = (_path is null ? "" : "PRAGMA journal_mode = WAL;") + """
            CREATE TABLE IF NOT EXISTS items (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, chat INTEGER NOT NULL,
                thread INTEGER NULL, message INTEGER NOT NULL, reason TEXT NOT NULL, question TEXT NULL, words TEXT NOT NULL, grp TEXT NOT NULL);
            CREATE INDEX IF NOT EXISTS items_grp ON items (grp);
            CREATE INDEX IF NOT EXISTS items_time ON items (time);
            CREATE TABLE IF NOT EXISTS told (chat INTEGER NOT NULL, grp TEXT NOT NULL, time INTEGER NOT NULL, PRIMARY KEY (chat, grp));
            CREATE TABLE IF NOT EXISTS daily (day TEXT PRIMARY KEY, time INTEGER NOT NULL);
            CREATE TABLE IF NOT EXISTS curated (id INTEGER PRIMARY KEY AUTOINCREMENT, created INTEGER NOT NULL, expires INTEGER NOT NULL,
                question TEXT NOT NULL, words TEXT NOT NULL, answer TEXT NOT NULL);
            """;
        c.ExecuteNonQuery();
        _schemaReady = true;
    }

    // Forgets items past the retention or beyond the count, and notes of notices past the retention.
    private void Prune(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var c = connection.CreateCommand();
        c.Transaction = transaction;
        c.CommandText = """
            DELETE FROM items WHERE time < $oldest OR id <= (SELECT id FROM items ORDER BY id DESC LIMIT 1 OFFSET $max);
            DELETE FROM told WHERE time < $oldest;
            """;
        c.Parameters.AddWithValue("$oldest", _time.GetUtcNow().AddDays(-_options.RetentionDays).ToUnixTimeSeconds());
        c.Parameters.AddWithValue("$max", _options.MaxItems);
        c.ExecuteNonQuery();
    }

    // Curated answers expired longer ago than the retention are forgotten.
    private void PruneCurated(SqliteConnection connection, SqliteTransaction transaction)
    {
        using var c = connection.CreateCommand();
        c.Transaction = transaction;
        c.CommandText = "DELETE FROM curated WHERE expires < $oldest";
        c.Parameters.AddWithValue("$oldest", _time.GetUtcNow().AddDays(-_options.RetentionDays).ToUnixTimeSeconds());
        c.ExecuteNonQuery();
    }

}
