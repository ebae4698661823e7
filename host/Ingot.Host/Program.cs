using Ingot.Host.Cli;

namespace Ingot.Host;

internal static class Program
{
    public static Task<int> Main(string[] args) => IngotCli.InvokeAsync(args);
}
