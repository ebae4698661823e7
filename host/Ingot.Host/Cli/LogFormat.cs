namespace Ingot.Host.Cli;

/// <summary>How log entries are written to stderr.</summary>
internal enum LogFormat
{
    /// <summary>One human-readable line per entry.</summary>
    Text,

    /// <summary>One JSON object per line (timestamp, level, category, event id, message, state), for log collectors.</summary>
    Json,
}
