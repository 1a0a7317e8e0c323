using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Bot.Core.Knowledge;

/// <summary>Reads Word <c>.docx</c> files: the title from the document properties or a Title/Heading 1 paragraph.</summary>
public sealed class DocxReader(ReadLimits? limits = null) : IKnowledgeReader
{
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    /// <inheritdoc />
    public bool CanRead(string path) => path.EndsWith(".docx", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var bytes = StreamBytes.ReadAll(stream, _limits.MaxBytes);
        if (!bytes.AsSpan().StartsWith("PK"u8))
            throw new KnowledgeFormatException("not a .docx (not a zip package)");
        try
        {
            CheckPackageSize(bytes);
            using var memory = new MemoryStream(bytes);
            using var document = WordprocessingDocument.Open(memory, false);
            var body = document.MainDocumentPart?.Document?.Body ?? throw new KnowledgeFormatException("a .docx without a document body");
            string? title = document.PackageProperties.Title;
            var paragraphs = new List<string>();
            long extracted = 0;
            foreach (var paragraph in body.Descendants<Paragraph>())
            {
                cancellationToken.ThrowIfCancellationRequested();
                var text = TextRules.TrimAll(paragraph.InnerText);
                if ((extracted += text.Length) > _limits.MaxBytes)
                    throw new KnowledgeFormatException($"its text is longer than {_limits.MaxBytes:N0} characters (Knowledge:MaxFileBytes)");
                if (text.Length == 0)
                    continue;
                var style = paragraph.ParagraphProperties?.ParagraphStyleId?.Val?.Value ?? "";
                if (string.IsNullOrWhiteSpace(title) && paragraphs.Count == 0 && style is "Title" or "Heading1" or "1")
                {
                    title = text;
                    continue;
                }
                paragraphs.Add(text);
            }
            if (paragraphs.Count == 0)
                return [];
            var hasTitle = !string.IsNullOrWhiteSpace(title);
            // The package's own dates say when the file was made, not when the news happened: the text decides.
            var date = DateExtractor.FromText(string.Join("\n", paragraphs));
            return
            [
                new Article($"{sourcePath}#1", hasTitle ? title!.Trim() : NewspaperPageSplitter.Opening(paragraphs[0]), paragraphs, sourcePath, date)
                {
                    HasOwnTitle = hasTitle,
                },
            ];
        }
        catch (Exception e) when (e is not (OperationCanceledException or KnowledgeFormatException))
        {
            throw new KnowledgeFormatException($"corrupt .docx ({e.Message})");
        }
    }

    // A .docx is a zip package: the sizes its parts declare bound what opening it reads out (.NET's zip reader does not
    // read an entry past its declared size), so a package declaring more than the bound is not opened at all.
    private void CheckPackageSize(byte[] bytes)
    {
        using var zip = new System.IO.Compression.ZipArchive(new MemoryStream(bytes), System.IO.Compression.ZipArchiveMode.Read);
        var declared = zip.Entries.Sum(e => e.Length);
        if (declared > _limits.MaxBytes)
            throw new KnowledgeFormatException($"it decompresses to more than {_limits.MaxBytes:N0} bytes ({declared:N0} declared; Knowledge:MaxFileBytes)");
    }
}
