namespace Ingot.Host.Cli;

/// <summary>The exit codes of the CLI contract (docs/architecture.md, "CLI contract").</summary>
internal static class ExitCodes
{
    public const int Success = 0;
    public const int InvalidInput = 1;
    public const int Usage = 2;
    public const int RuntimeFailure = 3;
}
