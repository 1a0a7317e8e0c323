using System.IO.Compression;
using System.Text;
using System.Text.Json;

namespace Bot.Core.Knowledge;

/// <summary>
/// Reads <c>.jsonl</c> and <c>.jsonl.gz</c> files: one article a line, <c>{"id", "title", "text", "date"?}</c>.
/// A broken line is skipped with a warning; the rest of the file still loads.
/// </summary>
public sealed class JsonlReader(ReadLimits? limits = null) : IKnowledgeReader
{
    private readonly ReadLimits _limits = limits ?? ReadLimits.Default;

    private const int BatchSize = 2048;

    /// <inheritdoc />
    public bool CanRead(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    /// <inheritdoc />
    public IReadOnlyList<Article> Read(Stream stream, string sourcePath, Action<string> warn, CancellationToken cancellationToken)
    {
        var compressed = sourcePath.EndsWith(".gz", StringComparison.OrdinalIgnoreCase);
        using var input = new BoundedStream(compressed ? new GZipStream(stream, CompressionMode.Decompress, leaveOpen: true) : stream,
            _limits.MaxBytes, compressed ? "it decompresses to" : "it reads out");
        using var lines = new JsonlLines(input, _limits.MaxLineBytes);
        var articles = new List<Article>();
        var lineNumber = 0;
        var tooLong = 0;
        var broken = 0;
        var batch = new List<(string Line, int Number)>(BatchSize);
        var pending = new Queue<(Task<(Article? Article, string Problem)[]> Parsed, (string Line, int Number)[] Lines)>();
        try
        {
            while (lines.Next(out lineNumber, out var line))
            {
                if (line is null)
                {
                    if (++tooLong <= 5)
                        warn($"{sourcePath}: line {lineNumber} skipped: longer than {_limits.MaxLineBytes:N0} bytes (Knowledge:MaxLineBytes)");
                    broken++;
                    continue;
                }
                if (string.IsNullOrWhiteSpace(line))
                    continue;
                batch.Add((line, lineNumber));
                if (batch.Count == BatchSize)
                    Submit();
            }
            Submit();
            while (pending.Count > 0)
                Collect();
        }
        catch (Exception e) when (e is InvalidDataException or DecoderFallbackException)
        {
            throw new KnowledgeFormatException(articles.Count == 0 && pending.Count == 0
                ? $"not a valid {(compressed ? "gzip/UTF-8" : "UTF-8")} JSONL file ({e.Message})"
                : $"file is corrupt after line {lineNumber} ({e.Message})");
        }
        if (broken > 5)
            warn($"{sourcePath}: {broken} lines skipped in all");
        if (articles.Count == 0 && broken > 0)
            throw new KnowledgeFormatException($"no valid JSONL line ({broken} broken)");
        return articles;

        // Parsing is most of the time of reading a large archive: while this thread decompresses and decodes the next
        // lines, batches already read are parsed on the thread pool; their articles are kept in file order. At most two
        // batches a core are in flight, which bounds the memory held in unparsed lines.
        void Submit()
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (batch.Count == 0)
                return;
            var lines = batch.ToArray();
            batch.Clear();
            pending.Enqueue((Task.Run(() => Array.ConvertAll(lines, l =>
            {
                var article = ParseLine(l.Line, sourcePath, l.Number, out var problem);
                return (article, problem);
            }), cancellationToken), lines));
            while (pending.Count > 2 * Environment.ProcessorCount)
                Collect();
        }

        void Collect()
        {
            var (task, lines) = pending.Dequeue();
            var parsed = task.GetAwaiter().GetResult();
            for (var i = 0; i < parsed.Length; i++)
            {
                if (parsed[i].Article is { } article)
                    articles.Add(article);
                else if (++broken <= 5)
                    warn($"{sourcePath}: line {lines[i].Number} skipped: {parsed[i].Problem}");
            }
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
            var meta = DateExtractor.Parse(GetString(root, "date"));
            var date = meta ?? DateExtractor.FromText(text);
            return new Article(id, title, paragraphs, sourcePath, date) { HasOwnTitle = hasTitle, DateSource = meta is not null ? "metadata" : date is not null ? "text" : null };
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
