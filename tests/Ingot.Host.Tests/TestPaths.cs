namespace Ingot.Host.Tests;

/// <summary>Where the built artifacts are: the repository root holds Plugins.sln.</summary>
internal static class TestPaths
{
    public static string RepoRoot { get; } = FindRoot();

    public static string Ingot => Path.Combine(RepoRoot, "artifacts", "ingot", "ingot");

    public static string DefaultPlugins => Path.Combine(RepoRoot, "artifacts", "ingot", "plugins");

    public static string TestPlugins => Path.Combine(RepoRoot, "artifacts", "test-plugins");

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
