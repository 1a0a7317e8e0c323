namespace Bot.Core.Knowledge;

/// <summary>Reads <c>.txt</c> files: one article, or a whole newspaper page that is split into its articles.</summary>
public sealed class PlainTextReader(ReadLimits? limits = null) : IKnowledgeReader
{
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public bool CanRead(string path) => path.EndsWith(".txt", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var text = TextDecoder.Decode(StreamBytes.ReadAll(stream, _limits.MaxBytes));
        // A page named for its day ("xinmin-2024-01-05.txt") dates every article on it.
        if (DateExtractor.FromFileName(sourcePath) is { } day)
            return NewspaperPageSplitter.Split(text, sourcePath, Path.GetFileNameWithoutExtension(sourcePath), day).Select(a => a with { DateSource = "file name" }).ToList();
        return NewspaperPageSplitter.Split(text, sourcePath, Path.GetFileNameWithoutExtension(sourcePath));
    }
}
