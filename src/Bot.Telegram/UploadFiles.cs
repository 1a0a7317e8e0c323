namespace Bot.Telegram;

/// <summary>
/// The file operations an upload makes in the knowledge folder, so that a test can stop one upload in the middle of a
/// move (where <see cref="File.Move(string, string, bool)"/> on Unix looks at the target and then renames onto it).
/// </summary>
public interface IUploadFiles
{
    /// <summary>True when <paramref name="path"/> names a file.</summary>
    bool Exists(string path);

    /// <summary>Moves <paramref name="from"/> to <paramref name="to"/>; without <paramref name="overwrite"/>, fails when <paramref name="to"/> exists.</summary>
    void Move(string from, string to, bool overwrite);
}

/// <summary>The disk itself.</summary>
public sealed class UploadFiles : IUploadFiles
{
    /// <inheritdoc />
    public bool Exists(string path) => File.Exists(path);

    /// <inheritdoc />
    public void Move(string from, string to, bool overwrite) => File.Move(from, to, overwrite);
}
