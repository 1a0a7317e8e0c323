using System.IO.Compression;
using System.Text;
using System.Text.Json;
using Bot.Core.Knowledge;

namespace Bot.Console.Commands;

/// <summary>
/// A corpus of any size made from a real one (<c>bench --scale N --seed S</c>): each new article takes the opening of
/// one source article (its lead, so that it reads as one story) and continues with sentence runs drawn from other
/// source articles until it is as long as that lead article was; it gets a new id, a title from its own first sentence
/// and a date spread over twenty years. Words, their frequencies and the article lengths stay those of the news it was
/// made from, so an index of it grows the way an archive of that news would. The same source, seed and count always
/// give the same articles. The source's text is held once; the new articles are written as they are made.
/// </summary>
internal sealed class ScaleCorpus
{
    // Twenty years of a daily paper's archive.
    private static readonly DateTime FirstDay = new(2004, 1, 1, 0, 0, 0, DateTimeKind.Unspecified);
    private const int Days = 20 * 365;
    // A run of sentences as long as a short paragraph of the source: the unit that is recombined.
    private const int RunChars = 160;

    private readonly List<string> _runs = [];
    private readonly List<(int First, int Count, int Length)> _articles = [];

    private ScaleCorpus()
    {
    }

    /// <summary>Source articles read.</summary>
    public int SourceArticles => _articles.Count;

    /// <summary>Reads a JSONL (or .jsonl.gz) corpus of <c>{"text": …}</c> lines: its texts cut into sentence runs.</summary>
    public static async Task<ScaleCorpus> ReadAsync(string source, CancellationToken cancellationToken)
    {
        if (!source.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) && !source.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase))
            throw new ArgumentException("--scale needs a .jsonl or .jsonl.gz knowledge source.");
        var corpus = new ScaleCorpus();
        await using var input = File.OpenRead(source);
        await using var stream = source.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(input, CompressionMode.Decompress) : (Stream)input;
        using var reader = new StreamReader(stream, Encoding.UTF8);
        while (await reader.ReadLineAsync(cancellationToken) is { } line)
        {
            if (line.Length == 0)
                continue;
            string? text;
            try
            {
                using var doc = JsonDocument.Parse(line);
                text = doc.RootElement.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
            }
            catch (JsonException)
            {
                continue;
            }
            if (string.IsNullOrWhiteSpace(text))
                continue;
            var first = corpus._runs.Count;
            foreach (var run in Runs(text))
                corpus._runs.Add(run);
            if (corpus._runs.Count > first)
                corpus._articles.Add((first, corpus._runs.Count - first, text.Length));
        }
        if (corpus._articles.Count == 0)
            throw new ArgumentException($"{source} holds no article with a text.");
        return corpus;
    }

    /// <summary>
    /// Writes <paramref name="count"/> articles into <paramref name="folder"/> as JSONL files of <paramref name="perFile"/>
    /// articles each (<c>{prefix}-00000.jsonl</c>, …; a knowledge file may hold at most <c>Knowledge:MaxFileBytes</c>),
    /// numbered from <paramref name="firstNumber"/>.
    /// </summary>
    public async Task WriteFolderAsync(string folder, string prefix, int count, int seed, int firstNumber = 0, int perFile = 20_000,
        CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(folder);
        for (var done = 0; done < count; done += perFile)
        {
            await WriteAsync(Path.Combine(folder, $"{prefix}-{(firstNumber + done) / perFile:D5}.jsonl"), Math.Min(perFile, count - done), seed,
                firstNumber + done, cancellationToken);
        }
    }

    /// <summary>
    /// Writes <paramref name="count"/> articles as JSONL to <paramref name="path"/>, numbered from <paramref name="firstNumber"/>.
    /// </summary>
    public async Task WriteAsync(string path, int count, int seed, int firstNumber = 0, CancellationToken cancellationToken = default)
    {
        // Random(seed) keeps its sequence across runtime versions (the seeded legacy algorithm); an offset seed per
        // batch lets an added batch be made without making the ones before it.
        var random = new Random(unchecked(seed * 1_000_003 + firstNumber));
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 16);
        await using var json = new Utf8JsonWriter(file, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        var text = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (first, runs, length) = _articles[random.Next(_articles.Count)];
            text.Clear();
            // The lead: the first one or two runs of one article.
            var lead = Math.Min(runs, 1 + random.Next(2));
            for (var r = 0; r < lead; r++)
                text.Append(_runs[first + r]);
            while (text.Length < length)
                text.Append(_runs[random.Next(_runs.Count)]);
            var date = FirstDay.AddDays(random.Next(Days)).AddSeconds(random.Next(86_400));
            var body = text.ToString();
            json.WriteStartObject();
            json.WriteString("id", $"scale-{seed}-{firstNumber + i:D7}");
            json.WriteString("title", Title(body));
            json.WriteString("text", body);
            json.WriteString("date", date.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture));
            json.WriteEndObject();
            await json.FlushAsync(cancellationToken);
            file.WriteByte((byte)'\n');
            json.Reset();
        }
    }

    /// <summary>
    /// A passage of an article made the way <see cref="WriteAsync"/> makes them: one source article's sentence run, then
    /// the opening of another run, cut to <paramref name="chars"/> characters (the default <c>Knowledge:PassageChars</c>
    /// is 200). Runs are drawn from <paramref name="random"/>.
    /// </summary>
    public string Passage(Random random, int chars)
    {
        var first = _runs[random.Next(_runs.Count)];
        var next = _runs[random.Next(_runs.Count)];
        var text = first.Length >= chars ? first : first + next;
        return text.Length > chars ? text[..chars] : text;
    }

    /// <summary>The source's sentence runs, the unit its articles are recombined from.</summary>
    public IReadOnlyList<string> SentenceRuns => _runs;

    // Sentence runs of about RunChars: sentences end at 。！？ (or a line break); a run never splits a sentence.
    private static IEnumerable<string> Runs(string text)
    {
        var start = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c is not ('。' or '！' or '？' or '\n') && i != text.Length - 1)
                continue;
            if (i + 1 - start < RunChars && i != text.Length - 1)
                continue;
            var run = text[start..(i + 1)].Trim();
            if (run.Length > 0)
                yield return run;
            start = i + 1;
        }
    }

    private static string Title(string body)
    {
        var end = body.IndexOfAny(['。', '！', '？', '，']);
        var first = end > 0 ? body[..end] : body;
        return NewspaperPageSplitter.Opening(first, 24);
    }
}
