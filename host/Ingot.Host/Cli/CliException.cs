namespace Ingot.Host.Cli;

/// <summary>A failure that ends a verb with one line on stderr and a given exit code.</summary>
internal sealed class CliException : Exception
{
    public CliException(int exitCode, string message)
        : base(message)
    {
        ExitCode = exitCode;
    }

    public CliException()
    {
    }

    public CliException(string message)
        : base(message)
    {
        ExitCode = ExitCodes.RuntimeFailure;
    }

    public CliException(string message, Exception innerException)
        : base(message, innerException)
    {
        ExitCode = ExitCodes.RuntimeFailure;
    }

    public int ExitCode { get; }
}
