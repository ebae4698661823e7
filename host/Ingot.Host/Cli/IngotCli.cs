using System.CommandLine;
using Ingot.Host.Pipeline;

namespace Ingot.Host.Cli;

/// <summary>The command line of the CLI contract in docs/architecture.md, with its exit codes.</summary>
internal static class IngotCli
{
    public static RootCommand Create()
    {
        var common = new CommonOptions();
        var root = new RootCommand("Ingot: bare-metal load balancer for Kubernetes, a drop-in for MetalLB, built from plugins");
        root.Subcommands.Add(RunCommand.Create(common));
        root.Subcommands.Add(ValidateCommand.Create(common));
        root.Subcommands.Add(ReconcileCommand.Create(common));
        root.Subcommands.Add(ExplainCommand.Create(common));
        root.Subcommands.Add(PluginsCommand.Create(common));
        return root;
    }

    public static async Task<int> InvokeAsync(string[] args)
    {
        var parse = Create().Parse(args);
        if (parse.Errors.Count > 0)
        {
            foreach (var error in parse.Errors)
            {
                await Console.Error.WriteLineAsync($"ingot: {error.Message}").ConfigureAwait(false);
            }

            await Console.Error.WriteLineAsync("Run 'ingot --help' for usage.").ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        // The daemon handles SIGTERM/SIGINT itself (announcers withdraw first); System.CommandLine must not cut it short.
        return await parse.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
    }

    /// <summary>Runs a verb; a <see cref="CliException"/> becomes one line on stderr and its exit code.</summary>
    public static int Guard(Func<int> verb)
    {
        try
        {
            return verb();
        }
        catch (CliException ex)
        {
            Console.Error.WriteLine($"ingot: {ex.Message}");
            return ex.ExitCode;
        }
        catch (PipelineException ex)
        {
            Console.Error.WriteLine($"ingot: {ex.Message}");
            return ExitCodes.RuntimeFailure;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // Anything else is a bug or the environment failing: one line, the runtime-failure code, no stack on stdout.
            Console.Error.WriteLine($"ingot: unexpected {ex.GetType().Name}: {ex.Message}");
            return ExitCodes.RuntimeFailure;
        }
    }

    /// <inheritdoc cref="Guard"/>
    public static async Task<int> GuardAsync(Func<Task<int>> verb)
    {
        try
        {
            return await verb().ConfigureAwait(false);
        }
        catch (CliException ex)
        {
            await Console.Error.WriteLineAsync($"ingot: {ex.Message}").ConfigureAwait(false);
            return ex.ExitCode;
        }
        catch (PipelineException ex)
        {
            await Console.Error.WriteLineAsync($"ingot: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            await Console.Error.WriteLineAsync($"ingot: unexpected {ex.GetType().Name}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.RuntimeFailure;
        }
    }
}
