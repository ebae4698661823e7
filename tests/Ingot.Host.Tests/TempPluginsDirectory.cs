namespace Ingot.Host.Tests;

/// <summary>A temporary plugins directory holding copies of chosen fixture plugin folders; deleted on dispose.</summary>
internal sealed class TempPluginsDirectory : IDisposable
{
    public TempPluginsDirectory(params string[] folders)
    {
        Path = Directory.CreateTempSubdirectory("ingot-plugins-").FullName;
        foreach (var folder in folders)
        {
            Copy(System.IO.Path.Combine(TestPaths.TestPlugins, folder), System.IO.Path.Combine(Path, folder));
        }
    }

    public string Path { get; }

    public string File(string name) => System.IO.Path.Combine(Path, name);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    public static void Copy(string from, string to)
    {
        if (!Directory.Exists(from))
        {
            throw new InvalidOperationException($"fixture plugin {from} is not built");
        }

        Directory.CreateDirectory(to);
        foreach (var file in Directory.GetFiles(from))
        {
            System.IO.File.Copy(file, System.IO.Path.Combine(to, System.IO.Path.GetFileName(file)));
        }
    }
}
