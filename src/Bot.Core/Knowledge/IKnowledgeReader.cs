namespace Bot.Core.Knowledge;

/// <summary>Reads the articles of one file format.</summary>
public interface IKnowledgeReader
{
    /// <summary>True when this reader handles files with the name <paramref name="path"/>.</summary>
    bool CanRead(string path);

    /// <summary>Reads the articles in <paramref name="stream"/>; problems with parts of the file go to <paramref name="warn"/>.</summary>
    /// <param name="stream">The file content.</param>
    /// <param name="sourcePath">The name to cite the file by.</param>
    /// <param name="warn">Receives a message for each part of the file that was skipped.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken);
}
