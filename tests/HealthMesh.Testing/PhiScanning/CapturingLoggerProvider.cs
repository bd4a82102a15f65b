using Microsoft.Extensions.Logging;

namespace HealthMesh.Testing.PhiScanning;

/// <summary>
/// A logger provider that records every log entry at every level as text: the formatted message, each structured
/// value and the exception with its inner exceptions. Add it to a built host's <see cref="ILoggerFactory"/>.
/// </summary>
public sealed class CapturingLoggerProvider(PhiCapture capture, string channel = "log") : ILoggerProvider
{
    public ILogger CreateLogger(string categoryName) => new CapturingLogger(capture, channel, categoryName);

    public void Dispose()
    {
    }

    private sealed class CapturingLogger(PhiCapture capture, string channel, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull
        {
            capture.Add($"{channel} scope ({category})", Describe(state));
            return null;
        }

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            capture.Add($"{channel} ({category})", formatter(state, exception));
            capture.Add($"{channel} values ({category})", Describe(state));
            capture.Add($"{channel} exception ({category})", exception?.ToString());
        }

        private static string? Describe(object? state) => state is IEnumerable<KeyValuePair<string, object?>> values
            ? string.Join('\n', values.Select(v => $"{v.Key}={v.Value}"))
            : state?.ToString();
    }
}
