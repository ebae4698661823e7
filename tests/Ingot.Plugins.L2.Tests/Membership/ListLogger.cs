using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2.Tests.Membership;

/// <summary>Keeps every formatted warning-or-worse message, so a test can check what an operator would read.</summary>
public sealed class ListLogger : ILogger
{
    public ConcurrentQueue<string> Warnings { get; } = new();

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (IsEnabled(logLevel))
        {
            Warnings.Enqueue(formatter(state, exception));
        }
    }
}
