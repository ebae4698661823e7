using System.CommandLine;
using Ingot.Host.Hosting;
using Microsoft.Extensions.Logging;

namespace Ingot.Host.Cli;

/// <summary><c>ingot run</c>: the daemon.</summary>
internal static class RunCommand
{
    public static Command Create(CommonOptions common)
    {
        var config = new Option<string?>("--config")
        {
            Description = "File or directory of manifests for the file source (selects file-source as the default source)",
        };
        var state = new Option<string?>("--state") { Description = "State file where the file source keeps assignments" };
        var metrics = new Option<string>("--metrics-address")
        {
            Description = "Where /metrics, /healthz and /readyz listen, ADDR:PORT",
            DefaultValueFactory = _ => Daemon.DefaultMetricsAddress,
        };
        var logLevel = new Option<LogLevel>("--log-level")
        {
            Description = "Minimum log level (logs go to stderr)",
            DefaultValueFactory = _ => LogLevel.Information,
        };
        var command = new Command("run", "Run the daemon: watch the source, allocate, announce; serve /metrics, /healthz, /readyz");
        common.AddTo(command, config, state, metrics, logLevel, common.Source, common.Ipam, common.Announcers);
        command.SetAction((parse, cancellationToken) => IngotCli.GuardAsync(() =>
            Daemon.RunAsync(common.Read(parse, parse.GetValue(config), parse.GetValue(state)),
                parse.GetValue(metrics)!, parse.GetValue(logLevel), cancellationToken)));
        return command;
    }
}
