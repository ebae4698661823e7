namespace Ingot.Samples.Tests;

/// <summary>Paths of the repository under test.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Ingot => Path.Combine(Root, "artifacts", "ingot", "ingot");

    public static string DefaultPlugins => Path.Combine(Root, "artifacts", "ingot", "plugins");

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Plugins.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException("Plugins.sln not found above " + AppContext.BaseDirectory);
    }
}
