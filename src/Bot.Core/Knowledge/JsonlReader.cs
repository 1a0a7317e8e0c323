using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Bot.Core.Knowledge;

/// <summary>
/// Reads <c>.jsonl</c> and <c>.jsonl.gz</c> files: one article a line, <c>{"id", "title", "text", "date"?}</c>.
/// A broken line is skipped with a warning; the rest of the file still loads.
/// </summary>
public sealed class JsonlReader : IKnowledgeReader
{
    private const int BatchSize = 2048;

    /// <inheritdoc />
    public bool CanRead(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var input = sourcePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(stream, CompressionMode.Decompress) : stream;
        using var reader = new StreamReader(input, new UTF8Encoding(false, true), detectEncodingFromByteOrderMarks: true);
        var articles = new List<Article>();
        var lineNumber = 0;
        var broken = 0;
        var batch = new List<(string Line, int Number)>(BatchSize);
        try
        {
            while (reader.ReadLine() is { } line)
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                batch.Add((line, lineNumber));
                if (batch.Count == BatchSize)
                    ParseBatch();
            }
            ParseBatch();
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException)
        {
            throw new KnowledgeFormatException(articles.Count == 0
                ? $"not a valid {(input is GZipStream ? "gzip/UTF-8" : "UTF-8")} JSONL file ({e.Message})"
                : $"file is corrupt after line {lineNumber} ({e.Message})");
        }
        if (broken > 5)
            warn($"{sourcePath}: {broken} lines skipped in all");
        if (articles.Count == 0 && broken > 0)
            throw new KnowledgeFormatException($"no valid JSONL line ({broken} broken)");
        return articles;

        // Lines are parsed in parallel a batch at a time (parsing is most of the time of reading a large archive),
        // and kept in file order.
        void ParseBatch()
        {
            cancellationToken.ThrowIfCancellationRequested();
            var parsed = new (Article? Article, string Problem)[batch.Count];
            Parallel.For(0, batch.Count, i =>
            {
                var article = ParseLine(batch[i].Line, sourcePath, batch[i].Number, out var problem);
                parsed[i] = (article, problem);
            });
            for (var i = 0; i < parsed.Length; i++)
            {
                if (parsed[i].Article is { } article)
                    articles.Add(article);
                else if (++broken <= 5)
                    warn($"{sourcePath}: line {batch[i].Number} skipped: {parsed[i].Problem}");
            }
            batch.Clear();
        }
    }

    private static Article? ParseLine(string line, string sourcePath, int lineNumber, out string problem)
    {
        problem = "";
        try
        {
            using var doc = JsonDocument.Parse(line);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                problem = "not a JSON object";
                return null;
            }
            var text = GetString(root, "text");
            if (string.IsNullOrWhiteSpace(text))
            {
                problem = "no \"text\"";
                return null;
            }
            var id = GetString(root, "id");
            if (string.IsNullOrWhiteSpace(id))
                id = $"{sourcePath}:{lineNumber}";
            var paragraphs = text.Replace("\r\n", "\n").Split('\n').Select(TextRules.TrimAll).Where(p => p.Length > 0).ToList();
            var title = TextRules.TrimAll(GetString(root, "title") ?? "");
            var hasTitle = title.Length > 0;
            if (!hasTitle)
                title = NewspaperPageSplitter.Opening(paragraphs[0]);
            var date = DateExtractor.Parse(GetString(root, "date")) ?? DateExtractor.FromText(text);
            return new Article(id, title, paragraphs, sourcePath, date) { HasOwnTitle = hasTitle };
        }
        catch (JsonException e)
        {
            problem = "invalid JSON: " + e.Message.Split('.')[0];
            return null;
        }
    }

    private static string? GetString(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) ? value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => null,
        } : null;
}
