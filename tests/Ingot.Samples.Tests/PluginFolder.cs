namespace Ingot.Samples.Tests;

/// <summary>A temporary plugins directory: the default plugins plus third-party ones, as an operator would lay it out.</summary>
internal sealed class PluginFolder : IDisposable
{
    public PluginFolder()
    {
        Root = Directory.CreateTempSubdirectory("ingot-samples-").FullName;
        Plugins = Path.Combine(Root, "plugins");
        foreach (var dir in Directory.EnumerateDirectories(Repo.DefaultPlugins))
        {
            CopyDirectory(dir, Path.Combine(Plugins, Path.GetFileName(dir)));
        }
    }

    public string Root { get; }

    public string Plugins { get; }

    /// <summary>Builds a plugin project against the packed SDK straight into plugins/&lt;folder&gt;/. The project's
    /// nuget.config must name the local feed.</summary>
    public async Task<string> BuildPluginAsync(string project, string folder, PackedSdk sdk, string? workingDirectory = null)
    {
        var output = Path.Combine(Plugins, folder);
        await Command.RunCheckedAsync("dotnet",
            ["build", project, "-c", "Release", "-o", output, "-nologo", $"-p:IngotSdkVersion={sdk.Version}"],
            workingDirectory);
        return output;
    }

    public void Dispose() => Directory.Delete(Root, recursive: true);

    private static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (var file in Directory.EnumerateFiles(from))
        {
            File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
        }

        foreach (var dir in Directory.EnumerateDirectories(from))
        {
            CopyDirectory(dir, Path.Combine(to, Path.GetFileName(dir)));
        }
    }
}
