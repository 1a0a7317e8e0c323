using System.ComponentModel;
using System.Diagnostics;
using System.Text;
using Bot.Core.Common;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Bot.Core.Ocr;

/// <summary>
/// Tesseract run as a process (<c>tesseract stdin stdout -l chi_sim+eng --psm 3 tsv</c>), at most <c>Ocr:Concurrency</c>
/// at once, each given one thread and <c>Ocr:TimeoutSeconds</c>: a process past its time, or still running when the
/// read is cancelled or the engine disposed (at shutdown), is killed with its children.
/// </summary>
public sealed class TesseractEngine(IOptions<OcrOptions> options, TimeProvider time, ILogger<TesseractEngine> logger) : IOcrEngine, IDisposable
{
    // What Tesseract writes for a page is a few hundred kilobytes of TSV; more is not a page.
    private const int MaxOutputChars = 32 * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(options.Value.Concurrency, options.Value.Concurrency);
    private readonly CancellationTokenSource _stopping = new();
    private readonly Lock _probeLock = new();
    private Task<string?>? _probe;

    /// <inheritdoc />
    public Task<string?> MissingAsync(CancellationToken cancellationToken)
    {
        lock (_probeLock)
            return _probe ??= ProbeAsync();
    }

    /// <inheritdoc />
    public async Task<OcrPage> RecognizeAsync(ReadOnlyMemory<byte> image, CancellationToken cancellationToken)
    {
        var o = options.Value;
        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var (exit, output, error) = await RunAsync(["stdin", "stdout", "-l", o.Languages, "--psm", o.PageSegmentation.ToString(System.Globalization.CultureInfo.InvariantCulture), "tsv"],
                image, o.Timeout, cancellationToken).ConfigureAwait(false);
            if (exit != 0)
                throw new OcrException($"tesseract could not read it (exit {exit}: {FirstLine(error)})");
            return OcrLayout.FromTsv(output);
        }
        finally
        {
            _gate.Release();
        }
    }

    // Runs the program; a time-out, a cancellation or the engine's disposal kills it (with its children) before returning.
    private async Task<(int Exit, string Output, string Error)> RunAsync(IReadOnlyList<string> arguments, ReadOnlyMemory<byte> input, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(options.Value.Command)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var a in arguments)
            info.ArgumentList.Add(a);
        // Tesseract's OpenMP threads fight each other when several processes run; Ocr:Concurrency gives the parallelism.
        info.Environment["OMP_THREAD_LIMIT"] = "1";
        using var process = new Process { StartInfo = info };
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new OcrException($"cannot run {options.Value.Command} ({e.Message})", engineMissing: true);
        }
        using var timer = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token, _stopping.Token);
        try
        {
            var output = ReadAsync(process.StandardOutput, linked.Token);
            var error = ReadAsync(process.StandardError, linked.Token);
            try
            {
                await process.StandardInput.BaseStream.WriteAsync(input, linked.Token).ConfigureAwait(false);
                process.StandardInput.Close();
            }
            catch (IOException)
            {
                // The program stopped reading (it failed, or read the picture no further): its exit says why.
            }
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            return (process.ExitCode, await output.ConfigureAwait(false), await error.ConfigureAwait(false));
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Kill(process);
            if (_stopping.IsCancellationRequested)
                throw new OperationCanceledException("the OCR engine is shutting down");
            throw new OcrException($"OCR took longer than {timeout.TotalSeconds:F0} s (Ocr:TimeoutSeconds); the process was killed");
        }
        catch
        {
            Kill(process);
            throw;
        }
    }

    private void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (Exception e) when (e is InvalidOperationException or Win32Exception)
        {
            // Gone already.
        }
        logger.LogDebug("Killed OCR process {Pid}", process.Id);
    }

    private static async Task<string> ReadAsync(StreamReader reader, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        var buffer = new char[1 << 14];
        int n;
        while ((n = await reader.ReadAsync(buffer, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (sb.Length + n > MaxOutputChars)
                throw new OcrException($"tesseract wrote more than {MaxOutputChars:N0} characters for one page");
            sb.Append(buffer, 0, n);
        }
        return sb.ToString();
    }

    // Whether tesseract runs and has every configured language; the Debian packages to install when not.
    private async Task<string?> ProbeAsync()
    {
        var o = options.Value;
        var packages = "tesseract-ocr " + string.Join(' ', o.LanguageList.Where(l => l != "osd").Select(Package));
        string? missing;
        try
        {
            var (exit, output, error) = await RunAsync(["--list-langs"], ReadOnlyMemory<byte>.Empty, TimeSpan.FromSeconds(Math.Min(30, o.TimeoutSeconds)), _stopping.Token).ConfigureAwait(false);
            // Tesseract 4 and 5 list the languages on stdout; some builds write them on stderr.
            var installed = (output + "\n" + error).Split('\n').Select(l => l.Trim()).ToHashSet(StringComparer.Ordinal);
            var absent = o.LanguageList.Where(l => !installed.Contains(l)).ToList();
            missing = exit != 0
                ? $"{o.Command} --list-langs failed (exit {exit}); install {packages}"
                : absent.Count > 0 ? $"Tesseract has no {string.Join(", ", absent)} (Ocr:Languages); install {string.Join(' ', absent.Select(Package))}" : null;
        }
        catch (OcrException e)
        {
            missing = $"{e.Message}; install {packages}";
        }
        if (missing is not null)
            logger.LogWarning("Pictures of pages are not read: {Why} (apt-get install; Ocr:Command names the program)", LogText.Safe(missing));
        return missing;
    }

    // Debian names the language data tesseract-ocr-chi-sim for chi_sim.
    private static string Package(string language) => "tesseract-ocr-" + language.ToLowerInvariant().Replace('_', '-');

    private static string FirstLine(string text) =>
        LogText.Safe(text.Split('\n').Select(l => l.Trim()).FirstOrDefault(l => l.Length > 0 && !l.StartsWith("Estimating resolution", StringComparison.Ordinal)) ?? "no message");

    /// <inheritdoc />
    public void Dispose()
    {
        // Cancelled, not disposed: reads still running see the cancellation, kill their process and let go of the gate.
        _stopping.Cancel();
    }
}
