using Microsoft.Extensions.Logging;

namespace Bot.Console;

/// <summary>Writes log lines to a text writer (stderr), keeping stdout clean for answers and JSON.</summary>
internal sealed class TextWriterLoggerProvider(TextWriter writer) : ILoggerProvider
{
    private readonly Lock _lock = new();

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName[(categoryName.LastIndexOf('.') + 1)..]);

    public void Dispose()
    {
    }

    private sealed class Logger(TextWriterLoggerProvider provider, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var level = logLevel switch
            {
                LogLevel.Warning => "warn",
                LogLevel.Error or LogLevel.Critical => "error",
                _ => "info",
            };
            lock (provider._lock)
                provider.Writer.WriteLine($"{level}: {category}: {formatter(state, exception)}");
        }
    }

    private TextWriter Writer => writer;
}
