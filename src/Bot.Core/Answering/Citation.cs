namespace Bot.Core.Answering;

/// <summary>A source an answer rests on.</summary>
/// <param name="Id">The article id.</param>
/// <param name="Title">The article title.</param>
/// <param name="Path">The file the article came from.</param>
/// <param name="Date">The article date, where known.</param>
/// <param name="Text">The passage that was used.</param>
/// <param name="Score">The retrieval score of the article.</param>
public sealed partial record Citation(string Id, string Title, string Path, DateOnly? Date, string Text, double Score)
{
    /// <summary>The position of the cited passage in its article (0 = first), when known.</summary>
    public int? Position { get; init; }

    /// <summary>Titles are shortened to about this many characters in source lists.</summary>
    public const int TitleLength = 40;

    /// <summary>True when the article was read from a picture through OCR: its words may be misread.</summary>
    public bool Ocr { get; init; }

    /// <summary>"《title》 2024-01-05": the title shortened at a boundary, and the date when known; " (OCR)" after an article read from a picture.</summary>
    public string Label => (DateText is { } date ? $"《{Shorten(Title)}》 {date}" : $"《{Shorten(Title)}》") + (Ocr ? " (OCR)" : "");

    /// <summary>The article's date, or a date in its file's name ("xinmin-2024-01-page.txt": 2024-01), or null.</summary>
    public string? DateText => Date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? FileDateText(Path);

    /// <summary>A date in the name of the file at <paramref name="path"/> ("xinmin-2024-01-page.txt": 2024-01), or null.</summary>
    public static string? FileDateText(string path) =>
        FileDate().Match(System.IO.Path.GetFileName(path)) is { Success: true } m ? m.Value.Replace('_', '-').Replace('.', '-') : null;

    /// <summary>
    /// <paramref name="title"/> cut to about <paramref name="max"/> characters at the last space or punctuation mark
    /// before it (never inside a word of Latin letters), with "…".
    /// </summary>
    public static string Shorten(string title, int max = TitleLength)
    {
        title = title.Trim().TrimEnd(' ', '，', ',', '、', '：', ':', '；', ';');
        if (title.Length <= max)
            return title;
        var cut = max;
        for (var i = max; i > max / 2; i--)
        {
            if (char.IsWhiteSpace(title[i]) || char.IsPunctuation(title[i]))
            {
                cut = i;
                break;
            }
        }
        if (cut == max)
        {
            // No boundary near the end: cut between characters, but not inside a Latin word or a surrogate pair.
            while (cut > max / 2 && (char.IsAsciiLetterOrDigit(title[cut - 1]) && char.IsAsciiLetterOrDigit(title[cut]) || char.IsHighSurrogate(title[cut - 1])))
                cut--;
        }
        return title[..cut].TrimEnd(' ', '，', ',', '、', '：', ':', '；', ';') + "…";
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"(19|20)\d{2}[-_.](0[1-9]|1[0-2])([-_.](0[1-9]|[12]\d|3[01]))?")]
    private static partial System.Text.RegularExpressions.Regex FileDate();
}
