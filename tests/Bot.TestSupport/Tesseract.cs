using System.Diagnostics;

namespace Bot.TestSupport;

/// <summary>Whether the real Tesseract, with the languages the bot reads by default, can be run here.</summary>
public static class Tesseract
{
    /// <summary>Why tests that need Tesseract cannot run here, or null when they can.</summary>
    public static string? Missing { get; } = Probe();

    /// <summary>The OCR test pages (<c>tests/fixtures/ocr</c>, made by its <c>make-fixtures.py</c>).</summary>
    public static string Fixtures => Path.Combine(RepoPaths.Fixtures, "ocr");

    private static string? Probe()
    {
        const string install = "apt-get install tesseract-ocr tesseract-ocr-chi-sim; .ci/run installs them";
        try
        {
            var info = new ProcessStartInfo("tesseract", "--list-langs") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
            if (!process.WaitForExit(30_000))
                return "tesseract --list-langs did not answer";
            var languages = output.Split('\n').Select(l => l.Trim()).ToHashSet();
            return languages.Contains("chi_sim") && languages.Contains("eng") ? null : $"tesseract has no chi_sim or eng ({install})";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return $"tesseract is not installed ({install})";
        }
    }
}

/// <summary>A test that needs the real Tesseract: skipped, saying why, where it is not installed.</summary>
public sealed class TesseractFactAttribute : Xunit.FactAttribute
{
    /// <summary>Skips when Tesseract or its Chinese data is missing.</summary>
    public TesseractFactAttribute()
    {
        if (Tesseract.Missing is { } why)
            Skip = why;
    }
}
