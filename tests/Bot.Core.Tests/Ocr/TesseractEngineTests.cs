using Bot.Core.Ocr;
using Bot.TestSupport;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace Bot.Core.Tests.Ocr;

public sealed class TesseractEngineTests : IDisposable
{
    private readonly TempFolder _folder = new();

    // A stand-in for tesseract: a shell script that does what the test needs.
    private string Script(string body)
    {
        var path = _folder.Write($"fake-{Guid.NewGuid():N}.sh", "#!/bin/sh\n" + body + "\n");
        if (!OperatingSystem.IsWindows())
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        return path;
    }

    private static TesseractEngine Engine(OcrOptions options, TimeProvider? time = null) =>
        new(Microsoft.Extensions.Options.Options.Create(options), time ?? TimeProvider.System, NullLogger<TesseractEngine>.Instance);

    // The script writes its process id, then sleeps (exec: the id is the sleeping process's).
    private string HangingScript(out string pidFile)
    {
        pidFile = Path.Combine(_folder.Path, $"pid-{Guid.NewGuid():N}");
        return Script($"echo $$ > '{pidFile}.tmp' && mv '{pidFile}.tmp' '{pidFile}'\nexec sleep 600");
    }

    private static async Task<int> PidAsync(string pidFile)
    {
        for (var i = 0; i < 1000 && !File.Exists(pidFile); i++)
            await Task.Delay(10);
        return int.Parse(File.ReadAllText(pidFile).Trim(), System.Globalization.CultureInfo.InvariantCulture);
    }

    private static async Task<bool> GoneAsync(int pid)
    {
        for (var i = 0; i < 1000; i++)
        {
            if (!File.Exists($"/proc/{pid}/stat") || File.ReadAllText($"/proc/{pid}/stat").Split(' ')[2] == "Z")
                return true;
            await Task.Delay(10);
        }
        return false;
    }

    [Fact]
    public async Task Recognize_WhenProcessHangs_KillsItAtTheTimeLimit()
    {
        var clock = new FakeTimeProvider();
        using var engine = Engine(new OcrOptions { Command = HangingScript(out var pidFile), TimeoutSeconds = 30 }, clock);

        var read = engine.RecognizeAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
        var pid = await PidAsync(pidFile);
        clock.Advance(TimeSpan.FromSeconds(29));
        Assert.False(read.IsCompleted);
        clock.Advance(TimeSpan.FromSeconds(2));

        var e = await Assert.ThrowsAsync<OcrException>(() => read);
        Assert.Contains("Ocr:TimeoutSeconds", e.Message);
        Assert.True(await GoneAsync(pid), $"process {pid} still runs");
    }

    [Fact]
    public async Task Dispose_WhileAProcessRuns_KillsIt()
    {
        var engine = Engine(new OcrOptions { Command = HangingScript(out var pidFile), TimeoutSeconds = 3600 });
        var read = engine.RecognizeAsync(new byte[] { 1, 2, 3 }, CancellationToken.None);
        var pid = await PidAsync(pidFile);

        engine.Dispose();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read);
        Assert.True(await GoneAsync(pid), $"process {pid} still runs");
    }

    [Fact]
    public async Task Missing_WhenProgramIsNotInstalled_NamesTheDebianPackages()
    {
        using var engine = Engine(new OcrOptions { Command = Path.Combine(_folder.Path, "no-such-tesseract") });

        var missing = await engine.MissingAsync(CancellationToken.None);

        Assert.NotNull(missing);
        Assert.Contains("tesseract-ocr tesseract-ocr-chi-sim tesseract-ocr-eng", missing);
    }

    [Fact]
    public async Task Missing_WhenALanguageIsNotInstalled_NamesItsPackage()
    {
        var script = Script("printf 'List of available languages in \"/usr/share/tesseract-ocr/5/tessdata/\" (2):\\neng\\nosd\\n'");
        using var engine = Engine(new OcrOptions { Command = script });

        var missing = await engine.MissingAsync(CancellationToken.None);

        Assert.NotNull(missing);
        Assert.Contains("tesseract-ocr-chi-sim", missing);
        Assert.DoesNotContain("tesseract-ocr-eng", missing);
    }

    [TesseractFact]
    public async Task Missing_WhenTesseractAndItsChineseAreInstalled_IsNull()
    {
        using var engine = Engine(new OcrOptions());

        Assert.Null(await engine.MissingAsync(CancellationToken.None));
    }

    public void Dispose() => _folder.Dispose();
}
