namespace Bot.TestSupport;

/// <summary>A temporary folder deleted on dispose.</summary>
public sealed class TempFolder : IDisposable
{
    /// <summary>Creates an empty folder under the system temp path.</summary>
    public TempFolder() => Directory.CreateDirectory(Path);

    /// <summary>The folder.</summary>
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "bot-tests-" + Guid.NewGuid().ToString("N")[..12]);

    /// <summary>Writes <paramref name="bytes"/> to <paramref name="name"/> in the folder and returns its full path.</summary>
    public string Write(string name, byte[] bytes)
    {
        var full = System.IO.Path.Combine(Path, name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllBytes(full, bytes);
        return full;
    }

    /// <summary>Writes UTF-8 text (no BOM) to <paramref name="name"/>.</summary>
    public string Write(string name, string text) => Write(name, new System.Text.UTF8Encoding(false).GetBytes(text));

    /// <summary>Writes one JSON object a line (anonymous objects: <c>new { id, title, text, date }</c>) to <paramref name="name"/>.</summary>
    public string WriteJsonl(string name, params object[] lines) =>
        Write(name, string.Concat(lines.Select(l => System.Text.Json.JsonSerializer.Serialize(l) + "\n")));

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
