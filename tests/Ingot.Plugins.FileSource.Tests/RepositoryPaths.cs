namespace Ingot.Plugins.FileSource.Tests;

/// <summary>Finds files of the repository the tests were built from.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string Examples(string name) => Path.Combine(Root, "examples", name);

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
