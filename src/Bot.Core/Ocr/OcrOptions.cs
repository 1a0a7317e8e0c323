using System.ComponentModel.DataAnnotations;

namespace Bot.Core.Ocr;

/// <summary>How pictures of pages (images, PDF pages without text) are read through Tesseract. Section <c>Ocr</c>.</summary>
public sealed class OcrOptions
{
    /// <summary>The configuration section.</summary>
    public const string SectionName = "Ocr";

    /// <summary>Read pictures at all (off: image files are skipped as unsupported, PDF pages without text give nothing).</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>The Tesseract program: a name found on the PATH, or a path.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Ocr:Command is required: the tesseract program (a name on the PATH or a path).")]
    public string Command { get; set; } = "tesseract";

    /// <summary>Tesseract's languages joined by '+' (<c>chi_sim+eng</c>: simplified Chinese with English words and numbers).</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "Ocr:Languages is required: Tesseract languages joined by '+', e.g. chi_sim+eng.")]
    [RegularExpression("^[A-Za-z0-9_]+(\\+[A-Za-z0-9_]+)*$", ErrorMessage = "Ocr:Languages must be Tesseract language codes joined by '+', e.g. chi_sim+eng.")]
    public string Languages { get; set; } = "chi_sim+eng";

    /// <summary>
    /// Tesseract's page segmentation mode: 3 (automatic, the default) finds the blocks of a page; the columns are then put
    /// in reading order from the words' positions (see <c>OcrLayout</c>), which 3 alone gets wrong when columns' lines align.
    /// </summary>
    [Range(1, 13, ErrorMessage = "Ocr:PageSegmentation must be a Tesseract --psm mode from 1 to 13.")]
    public int PageSegmentation { get; set; } = 3;

    /// <summary>Seconds one page may take; the process is killed then and the page skipped.</summary>
    [Range(1, 3600, ErrorMessage = "Ocr:TimeoutSeconds must be between 1 and 3600.")]
    public int TimeoutSeconds { get; set; } = 120;

    /// <summary>Tesseract processes at most at once (each is given one thread).</summary>
    [Range(1, 64, ErrorMessage = "Ocr:Concurrency must be between 1 and 64.")]
    public int Concurrency { get; set; } = 1;

    /// <summary>
    /// Pixels one image may decode to (width × height, from its header, read before any decoding): a larger picture, such
    /// as a small PNG that declares 100000 × 100000 pixels, is refused.
    /// </summary>
    [Range(1, long.MaxValue, ErrorMessage = "Ocr:MaxPixels must be a positive number of pixels.")]
    public long MaxPixels { get; set; } = 50_000_000;

    /// <summary>Pages of one PDF read through OCR at most; later pages without text are skipped with a warning.</summary>
    [Range(1, 10000, ErrorMessage = "Ocr:MaxPdfPages must be between 1 and 10000.")]
    public int MaxPdfPages { get; set; } = 100;

    /// <summary>A PDF page with fewer characters of text than this is taken for a picture and read through OCR.</summary>
    [Range(0, 1000, ErrorMessage = "Ocr:MinPageChars must be between 0 and 1000.")]
    public int MinPageChars { get; set; } = 20;

    /// <summary>An article whose words' mean confidence (0–100) is below this is marked as read poorly.</summary>
    [Range(0, 100, ErrorMessage = "Ocr:LowConfidence must be between 0 and 100.")]
    public double LowConfidence { get; set; } = 70;

    /// <summary>
    /// Megabytes the OCR cache (<c>ocr/</c> in the index folder) may hold; past them the entries used longest ago are
    /// removed when one is written. An entry is about 6 bytes a character read (the JSON escapes Chinese as \uXXXX;
    /// measured: 12,145 bytes for a page of 2,012 characters): some 50 KB for a full newspaper page of 8,000 characters,
    /// so 256 MB keeps about 5,000 pages.
    /// </summary>
    [Range(1, 1_000_000, ErrorMessage = "Ocr:CacheMaxMegabytes must be between 1 and 1000000.")]
    public int CacheMaxMegabytes { get; set; } = 256;

    /// <summary><see cref="TimeoutSeconds"/> as a time span.</summary>
    public TimeSpan Timeout => TimeSpan.FromSeconds(TimeoutSeconds);

    /// <summary>The languages, one an item.</summary>
    public IReadOnlyList<string> LanguageList => Languages.Split('+', StringSplitOptions.RemoveEmptyEntries);
}
