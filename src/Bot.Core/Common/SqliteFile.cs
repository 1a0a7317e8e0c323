using Microsoft.Data.Sqlite;

namespace Bot.Core.Common;

/// <summary>
/// Where one of the bot's SQLite stores lives: <paramref name="Path"/> on disk (null when in memory), the connection
/// string to open it with, and, in memory, the connection that keeps the database alive.
/// </summary>
/// <param name="Path">The file, or null for a database in memory.</param>
/// <param name="ConnectionString">Pooled, with the store's busy timeout.</param>
/// <param name="Memory">Open while the store lives, for a database in memory; null on disk.</param>
public sealed record SqliteFile(string? Path, string ConnectionString, SqliteConnection? Memory)
{
    /// <summary>
    /// The store's file: <paramref name="configured"/> when set ("memory" for a database in memory), otherwise
    /// <paramref name="fileName"/> in the index folder, or in memory when the index is.
    /// </summary>
    public static SqliteFile Resolve(string? configured, string? indexPath, string fileName, int busySeconds)
    {
        var path = !string.IsNullOrWhiteSpace(configured) ? configured
            : string.IsNullOrWhiteSpace(indexPath) || indexPath.Equals("memory", StringComparison.OrdinalIgnoreCase) ? "memory"
            : System.IO.Path.Combine(indexPath, fileName);
        if (path.Equals("memory", StringComparison.OrdinalIgnoreCase))
        {
            // A shared in-memory database lives while one connection to it is open.
            var name = System.IO.Path.GetFileNameWithoutExtension(fileName);
            var memory = new SqliteConnectionStringBuilder { DataSource = $"{name}-{Guid.NewGuid():N}", Mode = SqliteOpenMode.Memory, Cache = SqliteCacheMode.Shared, DefaultTimeout = busySeconds }.ToString();
            var connection = new SqliteConnection(memory);
            connection.Open();
            return new SqliteFile(null, memory, connection);
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!);
        return new SqliteFile(path, new SqliteConnectionStringBuilder { DataSource = path, Pooling = true, DefaultTimeout = busySeconds }.ToString(), null);
    }

    /// <summary>SQLite's code for a damaged file (SQLITE_CORRUPT).</summary>
    public const int Corrupt = 11;

    /// <summary>True when <paramref name="e"/> says the file is damaged or not a database (SQLITE_CORRUPT, SQLITE_NOTADB).</summary>
    public static bool IsDamaged(SqliteException e) => e.SqliteErrorCode is Corrupt or 26;

    /// <summary>The damaged file at <paramref name="path"/> (and its journal) moved to <c>&lt;path&gt;.broken-&lt;time&gt;</c>, out of the way of a new one; returns where.</summary>
    public static string MoveAside(string path, string connectionString, DateTimeOffset now)
    {
        using (var pooled = new SqliteConnection(connectionString))
            SqliteConnection.ClearPool(pooled);
        var aside = $"{path}.broken-{now:yyyyMMdd'T'HHmmss'Z'}";
        foreach (var suffix in new[] { "", "-journal", "-wal", "-shm" })
        {
            if (File.Exists(path + suffix))
                File.Move(path + suffix, aside + suffix, overwrite: true);
        }
        return aside;
    }
}
