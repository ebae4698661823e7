using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.Ipam.Tests.Support;

/// <summary>Keeps every formatted log line, to check what the allocator tells an operator.</summary>
internal sealed class CollectingLogger<T> : ILogger<T>
{
    public List<(LogLevel Level, EventId Id, string Message)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        => Lines.Add((logLevel, eventId, formatter(state, exception)));
}
