using Bot.Core.Hosting;
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
/// only when the front end passes them (Telegram does with <c>Telegram:KeepQuestions</c>).
/// </summary>
public sealed class FeedbackStore : IDisposable
{
    // The bounds are enforced every this many answers, not on each.
    private const int PruneEvery = 100;

    // SQLite's result codes for a damaged file and for one that is not a database.
    private const int SqliteCorrupt = 11;
    private const int SqliteNotADatabase = 26;

    private readonly string _connectionString;
    private readonly SqliteConnection? _memory;
    private readonly FeedbackOptions _options;
    private readonly TimeProvider _time;
    private int _sincePrune;

    /// <summary>
    /// Opens (or creates) the store. A file that is not a database or is damaged is moved aside
    /// (<c>feedback.db.broken-&lt;time&gt;</c>) and a new one started: ratings are not worth the service.
    /// </summary>
    public FeedbackStore(IOptions<FeedbackOptions> options, IOptions<KnowledgeOptions> knowledge, TimeProvider time, ILogger<FeedbackStore>? logger = null)
    {
        (_options, _time) = (options.Value, time);
        var index = knowledge.Value.IndexPath;
        var path = !string.IsNullOrWhiteSpace(_options.Path) ? _options.Path
            : string.IsNullOrWhiteSpace(index) || index.Equals("memory", StringComparison.OrdinalIgnoreCase) ? "memory"
            : System.IO.Path.Combine(index, "feedback.db");
        if (path.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            // A shared in-memory database lives while one connection to it is open.
            _connectionString = $"Data Source=feedback-{Guid.NewGuid():N};Mode=Memory;Cache=Shared";
            _memory = new SqliteConnection(_connectionString);
            _memory.Open();
        }
        else
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
            _connectionString = new SqliteConnectionStringBuilder { DataSource = path, Pooling = true }.ToString();
            try
            {
                CreateSchema();
            }
            catch (SqliteException e) when (e.SqliteErrorCode is SqliteCorrupt or SqliteNotADatabase)
            {
                var aside = MoveAside(path);
                (logger ?? (ILogger)Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance).LogWarning(
                    "Feedback database {Path} is damaged ({Reason}); moved to {Aside}, and a new one started", LogText.Safe(path), LogText.Safe(e.Message), LogText.Safe(aside));
                CreateSchema();
            }
            return;
        }
        CreateSchema();
    }

    // The damaged file (and its journal) moved to <path>.broken-<time>, out of the way of a new one.
    private string MoveAside(string path)
    {
        using (var pooled = new SqliteConnection(_connectionString))
            SqliteConnection.ClearPool(pooled);
        var aside = $"{path}.broken-{_time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}";
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
                File.Move(path + suffix, aside + suffix, overwrite: true);
        }
        return aside;
    }

    private void CreateSchema()
    {
        // A damaged file may open and only fail on the pages it has lost: checked whole (a few ms at the sizes kept).
        using (var connection = Open())
        using (var check = connection.CreateCommand())
        {
            check.CommandText = "PRAGMA quick_check";
            if (check.ExecuteScalar() is string result && result != "ok")
                throw new SqliteException($"quick_check: {result}", SqliteCorrupt);
        }
        Execute("""
            CREATE TABLE IF NOT EXISTS answers (id INTEGER PRIMARY KEY AUTOINCREMENT, time INTEGER NOT NULL, chat INTEGER NOT NULL,
                question TEXT NULL, answer TEXT NULL, sources TEXT NOT NULL, answered INTEGER NOT NULL);
            CREATE INDEX IF NOT EXISTS answers_time ON answers (time);
            """);
        MigrateRatings();
    }

    // Ratings are keyed by chat as well as by answer id. A database made before that (ratings keyed by answer id and
    // user alone) is rewritten once, in one transaction, each rating taking the chat of the answer it names.
    private void MigrateRatings()
    {
        using var connection = Open();
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

    /// <summary>Records an answer given in <paramref name="chat"/>; returns its id (what a rating names).</summary>
    public long RecordAnswer(long chat, string? question, string? answer, IReadOnlyList<string> sourceIds, bool answered)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = "INSERT INTO answers (time, chat, question, answer, sources, answered) VALUES ($time, $chat, $question, $answer, $sources, $answered); SELECT last_insert_rowid();";
        command.Parameters.AddWithValue("$time", _time.GetUtcNow().ToUnixTimeSeconds());
        command.Parameters.AddWithValue("$chat", chat);
        command.Parameters.AddWithValue("$question", (object?)question ?? DBNull.Value);
        command.Parameters.AddWithValue("$answer", (object?)answer ?? DBNull.Value);
        command.Parameters.AddWithValue("$sources", string.Join("\n", sourceIds));
        command.Parameters.AddWithValue("$answered", answered ? 1 : 0);
        var id = (long)command.ExecuteScalar()!;
        if (Interlocked.Increment(ref _sincePrune) % PruneEvery == 0)
            Prune();
        return id;
    }

    /// <summary>
    /// Records <paramref name="user"/>'s rating of answer <paramref name="answerId"/> given in <paramref name="chat"/>;
    /// once per user and answer. An answer id of another chat is <see cref="RatingResult.Unknown"/> here.
    /// </summary>
    public RatingResult Rate(long chat, long answerId, long user, bool up)
    {
        using var connection = Open();
        using var exists = connection.CreateCommand();
        exists.CommandText = "SELECT COUNT(*) FROM answers WHERE id = $id AND chat = $chat";
        exists.Parameters.AddWithValue("$id", answerId);
        exists.Parameters.AddWithValue("$chat", chat);
        if ((long)exists.ExecuteScalar()! == 0)
            return RatingResult.Unknown;
        using var insert = connection.CreateCommand();
        insert.CommandText = "INSERT OR IGNORE INTO ratings (chat, answer_id, user, up, time) VALUES ($chat, $id, $user, $up, $time)";
        insert.Parameters.AddWithValue("$chat", chat);
        insert.Parameters.AddWithValue("$id", answerId);
        insert.Parameters.AddWithValue("$user", user);
        insert.Parameters.AddWithValue("$up", up ? 1 : 0);
        insert.Parameters.AddWithValue("$time", _time.GetUtcNow().ToUnixTimeSeconds());
        return insert.ExecuteNonQuery() == 1 ? RatingResult.Recorded : RatingResult.AlreadyRated;
    }

    /// <summary>The counts, and the <paramref name="top"/> questions most often declined and most often rated 👎.</summary>
    public FeedbackSummary Summarize(int top = 10)
    {
        using var connection = Open();
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
        using var connection = Open();
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

    /// <inheritdoc />
    public void Dispose()
    {
        _memory?.Dispose();
        if (_memory is null)
            SqliteConnection.ClearAllPools();
    }

    // Forgets answers past the retention or beyond the count bound, and their ratings.
    private void Prune()
    {
        using var connection = Open();
        using var c = connection.CreateCommand();
        c.CommandText = """
            DELETE FROM answers WHERE time < $oldest OR id <= (SELECT MAX(id) FROM answers) - $max;
            DELETE FROM ratings WHERE NOT EXISTS (SELECT 1 FROM answers a WHERE a.id = ratings.answer_id AND a.chat = ratings.chat);
            """;
        c.Parameters.AddWithValue("$oldest", _time.GetUtcNow().AddDays(-_options.RetentionDays).ToUnixTimeSeconds());
        c.Parameters.AddWithValue("$max", _options.MaxAnswers);
        c.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection(_connectionString);
        connection.Open();
        return connection;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var c = connection.CreateCommand();
        c.CommandText = sql;
        c.ExecuteNonQuery();
    }
}
