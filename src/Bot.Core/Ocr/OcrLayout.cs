using System.Globalization;

namespace Bot.Core.Ocr;

/// <summary>
/// Turns Tesseract's TSV (a row per word with its box and confidence) into the page's paragraphs in reading order.
/// Tesseract's own layout reads a line of the left column and the line beside it in the right column as one line when
/// the columns' lines are level, as they are on a newspaper page; so its lines are cut at wide gaps, and the pieces are
/// put in order by recursive cuts of the page along its widest white gaps (an XY cut): columns left to right, and within
/// a column top to bottom. A paragraph ends at a change of type size, before an indented line, and after a line that
/// stops short of its column's edge.
/// </summary>
public static class OcrLayout
{
    // A gap in a line wider than this many line heights separates two columns (a Chinese word gap is under one).
    private const double ColumnGap = 1.5;
    // A vertical cut needs a white gap at least this many type heights wide: narrower ones are between words.
    private const double MinGutter = 0.8;

    /// <summary>The paragraphs of the page whose Tesseract TSV is <paramref name="tsv"/>.</summary>
    public static OcrPage FromTsv(string tsv)
    {
        var words = new List<Word>();
        foreach (var row in tsv.Split('\n'))
        {
            var f = row.TrimEnd('\r').Split('\t');
            if (f.Length < 12 || f[0] != "5" || string.IsNullOrWhiteSpace(f[11]))
                continue;
            if (!int.TryParse(f[6], CultureInfo.InvariantCulture, out var left) || !int.TryParse(f[7], CultureInfo.InvariantCulture, out var top)
                || !int.TryParse(f[8], CultureInfo.InvariantCulture, out var width) || !int.TryParse(f[9], CultureInfo.InvariantCulture, out var height)
                || !double.TryParse(f[10], NumberStyles.Float, CultureInfo.InvariantCulture, out var conf))
                continue;
            words.Add(new Word($"{f[1]}.{f[2]}.{f[3]}.{f[4]}", f[11], new Box(left, top, left + width, top + height), Math.Max(0, conf)));
        }
        if (words.Count == 0)
            return new OcrPage([]);

        var pieces = new List<Piece>();
        foreach (var line in words.GroupBy(w => w.Line))
        {
            var sorted = line.OrderBy(w => w.Box.Left).ToList();
            var lineHeight = sorted.Max(w => w.Box.Height);
            var current = new List<Word> { sorted[0] };
            for (var i = 1; i < sorted.Count; i++)
            {
                if (sorted[i].Box.Left - sorted[i - 1].Box.Right > ColumnGap * lineHeight)
                {
                    pieces.Add(Piece.Of(current));
                    current = [];
                }
                current.Add(sorted[i]);
            }
            pieces.Add(Piece.Of(current));
        }

        var ordered = new List<(Piece Piece, Box Column)>();
        Cut(pieces, ColumnOf(pieces), ordered);
        return new OcrPage(Paragraphs(ordered));
    }

    // Orders pieces by the widest white gap across them: a vertical one (columns) when it is wider than the widest
    // horizontal one, else the horizontal one; each part is cut again.
    private static void Cut(List<Piece> pieces, Box column, List<(Piece, Box)> ordered)
    {
        if (pieces.Count == 1)
        {
            ordered.Add((pieces[0], column));
            return;
        }
        var typeHeight = Median(pieces.Select(p => (double)p.TypeHeight));
        var (hGap, hAt) = WidestGap(pieces, p => p.Box.Top, p => p.Box.Bottom);
        var (vGap, vAt) = WidestGap(pieces, p => p.Box.Left, p => p.Box.Right);
        if (vGap >= MinGutter * typeHeight && vGap > hGap)
        {
            var left = pieces.Where(p => p.Box.Left < vAt).ToList();
            var right = pieces.Where(p => p.Box.Left >= vAt).ToList();
            Cut(left, ColumnOf(left), ordered);
            Cut(right, ColumnOf(right), ordered);
        }
        else if (hGap > 0)
        {
            Cut(pieces.Where(p => p.Box.Top < hAt).ToList(), column, ordered);
            Cut(pieces.Where(p => p.Box.Top >= hAt).ToList(), column, ordered);
        }
        else
        {
            // Overlapping boxes (a skewed page): top to bottom, then left to right.
            foreach (var p in pieces.OrderBy(p => p.Box.Top).ThenBy(p => p.Box.Left))
                ordered.Add((p, column));
        }
    }

    // The edges of a column: those of its body type (the commonest type height), so that a headline wider than the column
    // above it does not make every body line look short.
    private static Box ColumnOf(List<Piece> pieces)
    {
        var body = Median(pieces.Select(p => (double)p.TypeHeight));
        var bodyPieces = pieces.Where(p => Math.Abs(p.TypeHeight - body) <= 0.2 * body).ToList();
        return Box.Around((bodyPieces.Count > 0 ? bodyPieces : pieces).Select(p => p.Box));
    }

    // The widest gap between the pieces' extents along one axis, and where the far side of it starts.
    private static (int Gap, int At) WidestGap(List<Piece> pieces, Func<Piece, int> start, Func<Piece, int> end)
    {
        var sorted = pieces.OrderBy(start).ToList();
        var reach = end(sorted[0]);
        var best = (Gap: 0, At: 0);
        for (var i = 1; i < sorted.Count; i++)
        {
            var gap = start(sorted[i]) - reach;
            if (gap > best.Gap)
                best = (gap, start(sorted[i]));
            reach = Math.Max(reach, end(sorted[i]));
        }
        return best;
    }

    private static List<OcrLine> Paragraphs(List<(Piece Piece, Box Column)> ordered)
    {
        var lines = new List<OcrLine>();
        var current = new List<Piece>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (piece, column) = ordered[i];
            if (current.Count > 0 && StartsParagraph(ordered[i - 1], (piece, column)))
            {
                lines.Add(Line(current));
                current = [];
            }
            current.Add(piece);
        }
        if (current.Count > 0)
            lines.Add(Line(current));
        return lines.Where(l => l.Text.Length > 0).ToList();
    }

    private static bool StartsParagraph((Piece Piece, Box Column) before, (Piece Piece, Box Column) next)
    {
        var (a, aColumn) = before;
        var (b, bColumn) = next;
        var size = Math.Max(a.TypeHeight, b.TypeHeight);
        if (Math.Abs(a.TypeHeight - b.TypeHeight) > 0.2 * size)
            return true;
        if (b.Box.Left - bColumn.Left > 1.2 * b.TypeHeight)
            return true;
        // A line that stops short of its column's edge ends its paragraph (unless the next piece is beside it: a column
        // break inside a line cut at a wide gap).
        return aColumn.Right - a.Box.Right > 1.5 * a.TypeHeight;
    }

    // The words of a paragraph as text: a space between two Latin words or numbers only where the page shows a gap
    // (Tesseract cuts "3500" into "350" and "0" as readily as it cuts Chinese into single characters).
    private static OcrLine Line(List<Piece> pieces)
    {
        var words = pieces.SelectMany(p => p.Words).ToList();
        var parts = new List<string>();
        for (var i = 0; i < words.Count; i++)
        {
            var w = words[i];
            var gap = i > 0 ? w.Box.Left - words[i - 1].Box.Right : 0;
            var digits = i > 0 && char.IsAsciiDigit(words[i - 1].Text.TrimEnd()[^1]) && char.IsAsciiDigit(w.Text.TrimStart()[0]);
            // A number wrapped at the end of a line ("350" / "0株") is one number: Chinese lines break without a space.
            var joined = i > 0 && (words[i - 1].Line == w.Line ? gap < (digits ? 0.6 : 0.25) * Math.Max(w.Box.Height, words[i - 1].Box.Height) : digits);
            if (joined && parts.Count > 0)
                parts[^1] += w.Text.Trim();
            else
                parts.Add(w.Text);
        }
        return new OcrLine(OcrText.EndParagraph(OcrText.Join(parts)), words.Average(w => w.Confidence), words.Count);
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private sealed record Word(string Line, string Text, Box Box, double Confidence);

    private sealed record Piece(IReadOnlyList<Word> Words, Box Box, int TypeHeight)
    {
        public static Piece Of(List<Word> words) =>
            new(words, Box.Around(words.Select(w => w.Box)), (int)Median(words.Where(w => w.Text.Length > 0).Select(w => (double)w.Box.Height)));
    }

    private readonly record struct Box(int Left, int Top, int Right, int Bottom)
    {
        public int Height => Bottom - Top;

        public static Box Around(IEnumerable<Box> boxes)
        {
            var list = boxes.ToList();
            return new Box(list.Min(b => b.Left), list.Min(b => b.Top), list.Max(b => b.Right), list.Max(b => b.Bottom));
        }
    }
}
