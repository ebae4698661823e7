using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Ingot.Host.Cli;

/// <summary>Logging for every verb: one entry per line, always on stderr, so stdout stays the verb's output.</summary>
internal static class CliLogging
{
    public static void Configure(ILoggingBuilder logging, LogLevel minimum, LogFormat format = LogFormat.Text)
    {
        logging.ClearProviders();
        logging.SetMinimumLevel(minimum);
        if (format == LogFormat.Json)
        {
            logging.AddJsonConsole(o =>
            {
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                o.IncludeScopes = false;
            });
        }
        else
        {
            logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.UseUtcTimestamp = true;
            });
        }

        logging.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    public static ILoggerFactory CreateFactory(LogLevel minimum, LogFormat format = LogFormat.Text)
        => LoggerFactory.Create(b => Configure(b, minimum, format));
}
