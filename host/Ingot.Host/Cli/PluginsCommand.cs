using System.CommandLine;
using System.Text;
using Ingot.Host.Hosting;
using Ingot.Host.Plugins;

namespace Ingot.Host.Cli;

/// <summary><c>ingot plugins</c>: every plugin folder found, and why any was refused.</summary>
internal static class PluginsCommand
{
    public static Command Create(CommonOptions common)
    {
        var command = new Command("plugins", "List the plugins found: name, kind, version, folder, status (or why refused), description");
        command.Options.Add(common.PluginsDir);
        command.SetAction(parse => IngotCli.Guard(() =>
        {
            var options = new HostOptions { PluginsDirectory = parse.GetValue(common.PluginsDir) };
            var directory = options.ResolvePluginsDirectory();
            if (!Directory.Exists(directory))
            {
                throw new CliException(ExitCodes.RuntimeFailure, $"plugins directory {Path.GetFullPath(directory)} does not exist");
            }

            var catalog = PluginCatalog.Load(directory);
            Console.Out.Write(Render(catalog.Plugins));
            return ExitCodes.Success;
        }));
        return command;
    }

    public static string Render(IReadOnlyList<PluginInfo> plugins)
    {
        string[] header = ["NAME", "KIND", "VERSION", "FOLDER", "STATUS", "DESCRIPTION"];
        var rows = plugins.Select(p => new[]
        {
            p.Name,
            p.Kind?.ToString().ToLowerInvariant() ?? "-",
            p.Version ?? "-",
            p.Folder,
            p.IsLoaded ? "loaded" : "refused: " + p.Reason,
            p.Description ?? string.Empty,
        }).Prepend(header).ToList();

        // Every column but the last two is padded: the status and description are free text.
        var widths = Enumerable.Range(0, header.Length - 2).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var sb = new StringBuilder();
        foreach (var row in rows)
        {
            for (var c = 0; c < row.Length; c++)
            {
                var cell = c < widths.Length ? row[c].PadRight(widths[c]) : row[c];
                sb.Append(cell);
                if (c < row.Length - 1)
                {
                    sb.Append("  ");
                }
            }

            sb.Append('\n');
        }

        return sb.ToString().Replace("  \n", "\n", StringComparison.Ordinal);
    }
}
