using UglyToad.PdfPig;
using UglyToad.PdfPig.DocumentLayoutAnalysis.TextExtractor;

namespace Bot.Core.Knowledge;

/// <summary>Reads <c>.pdf</c> files: the text of each page in reading order, repaired like an OCR'd page.</summary>
public sealed class PdfReader : IKnowledgeReader
{
    /// <inheritdoc />
    public bool CanRead(string path) => path.EndsWith(".pdf", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var bytes = StreamBytes.ReadAll(stream);
        if (!bytes.AsSpan().StartsWith("%PDF-"u8))
            throw new KnowledgeFormatException("not a PDF (no %PDF- header)");
        try
        {
            using var document = PdfDocument.Open(bytes);
            var pages = new List<string>();
            foreach (var page in document.GetPages())
            {
                cancellationToken.ThrowIfCancellationRequested();
                pages.Add(ContentOrderTextExtractor.GetText(page));
            }
            var text = string.Join("\n", pages);
            var title = document.Information.Title;
            var date = DateExtractor.FromText(text);
            var articles = NewspaperPageSplitter.Split(text, sourcePath, string.IsNullOrWhiteSpace(title) ? Path.GetFileNameWithoutExtension(sourcePath) : title, date);
            return !string.IsNullOrWhiteSpace(title) && articles.Count > 0 && !articles[0].HasOwnTitle
                ? [articles[0] with { Title = title.Trim(), HasOwnTitle = true }, .. articles.Skip(1)]
                : articles;
        }
        catch (Exception e) when (e is not (OperationCanceledException or KnowledgeFormatException))
        {
            throw new KnowledgeFormatException($"corrupt PDF ({e.Message})");
        }
    }
}
