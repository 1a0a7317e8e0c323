namespace Bot.Core.Knowledge;

/// <summary>One news article as read from a knowledge file.</summary>
/// <param name="Id">Stable id: the JSONL id, or the file path with the article's number on its page.</param>
/// <param name="Title">Headline and subheads joined; never empty (falls back to the opening words).</param>
/// <param name="Paragraphs">Body paragraphs, repaired across column breaks, without pull quotes.</param>
/// <param name="SourcePath">The file the article came from, relative to the knowledge root where possible.</param>
/// <param name="Date">Publication date where known.</param>
/// <param name="Byline">The reporter line ("记者 张钰芸") where there is one.</param>
public sealed record Article(
    string Id,
    string Title,
    IReadOnlyList<string> Paragraphs,
    string SourcePath,
    DateOnly? Date = null,
    string? Byline = null)
{
    /// <summary>Pull quotes found inside the article; kept for display, never indexed as body text.</summary>
    public IReadOnlyList<string> PullQuotes { get; init; } = [];

    /// <summary>Where <see cref="Date"/> came from: "metadata", "file name", "page" (its newspaper page's), "text"; null when undated.</summary>
    public string? DateSource { get; init; }

    /// <summary>False when <see cref="Title"/> was made up from the opening words or the file name; such titles are not indexed.</summary>
    public bool HasOwnTitle { get; init; } = true;

    /// <summary>
    /// For an article read from a picture through OCR, its words' mean confidence (0–100); null for an article read as text.
    /// </summary>
    public double? OcrConfidence { get; init; }

    /// <summary>The body as one string, paragraphs separated by newlines.</summary>
    public string Body => string.Join('\n', Paragraphs);

    /// <summary>Where paragraph <paramref name="paragraph"/> starts in <see cref="Body"/>.</summary>
    public int BodyOffset(int paragraph)
    {
        var offset = 0;
        for (var p = 0; p < paragraph; p++)
            offset += Paragraphs[p].Length + 1;
        return offset;
    }
}
