using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Options;

/// <summary>
/// A path setting the bot writes to (an index folder, a SQLite file): checked at start by making its folder and a
/// probe file there, so that a path the bot cannot write is one line naming the key and exit 2, not a failure of the
/// service that opens it first. Empty and <c>memory</c> pass.
/// </summary>
/// <param name="key">The setting, as the message names it ("Inbox:Path").</param>
/// <param name="folder">True when the path is a folder (the index), false when it is a file.</param>
[AttributeUsage(AttributeTargets.Property)]
public sealed class WritablePathAttribute(string key, bool folder = false) : ValidationAttribute
{
    /// <inheritdoc />
    protected override ValidationResult? IsValid(object? value, ValidationContext validationContext)
    {
        if (value is not string path || string.IsNullOrWhiteSpace(path) || path == "memory")
            return ValidationResult.Success;
        try
        {
            var full = System.IO.Path.GetFullPath(path);
            if (folder ? File.Exists(full) : Directory.Exists(full))
                return new ValidationResult($"{key} '{path}' is a {(folder ? "file" : "folder")}: name a {(folder ? "folder" : "file")}.");
            var where = folder ? full : System.IO.Path.GetDirectoryName(full)!;
            Directory.CreateDirectory(where);
            using (File.Create(System.IO.Path.Combine(where, $".write-check-{Environment.ProcessId}-{Guid.NewGuid():N}"), 1, FileOptions.DeleteOnClose))
            {
            }
            return ValidationResult.Success;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            return new ValidationResult($"{key} '{path}' cannot be written ({e.GetType().Name}: {e.Message}).");
        }
    }
}
