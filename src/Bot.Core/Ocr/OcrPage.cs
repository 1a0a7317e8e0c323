namespace Bot.Core.Ocr;

/// <summary>One line of recognised text in reading order, with its words' mean confidence.</summary>
/// <param name="Text">The line's text (a paragraph of the page: lines of one paragraph are joined).</param>
/// <param name="Confidence">The mean confidence of its words, 0–100.</param>
/// <param name="Words">How many words it holds.</param>
public sealed record OcrLine(string Text, double Confidence, int Words);

/// <summary>What OCR read from one picture: its paragraphs in reading order.</summary>
/// <param name="Lines">The paragraphs, one a line, headlines apart from bodies.</param>
public sealed record OcrPage(IReadOnlyList<OcrLine> Lines)
{
    /// <summary>The page as text, a paragraph a line.</summary>
    public string Text => string.Join('\n', Lines.Select(l => l.Text));

    /// <summary>The mean confidence of the page's words, 0–100 (0 when it has none).</summary>
    public double MeanConfidence => Lines.Sum(l => l.Words) is var words and > 0 ? Lines.Sum(l => l.Confidence * l.Words) / words : 0;

    /// <summary>The mean confidence of the words of the lines that <paramref name="text"/> contains, or null when it holds none.</summary>
    public double? ConfidenceOf(string text)
    {
        var inText = Lines.Where(l => l.Text.Length >= 2 && text.Contains(l.Text, StringComparison.Ordinal)).ToList();
        var words = inText.Sum(l => l.Words);
        return words > 0 ? inText.Sum(l => l.Confidence * l.Words) / words : null;
    }
}
