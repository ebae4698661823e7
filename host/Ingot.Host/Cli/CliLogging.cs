using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ingot.Host.Cli;

/// <summary>Logging for every verb: one line per entry, always on stderr, so stdout stays the verb's output.</summary>
internal static class CliLogging
{
    public static void Configure(ILoggingBuilder logging, LogLevel minimum)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
            o.UseUtcTimestamp = true;
        });
        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    public static ILoggerFactory CreateFactory(LogLevel minimum) => LoggerFactory.Create(b => Configure(b, minimum));
}
