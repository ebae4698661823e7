namespace Ingot.EndToEnd.Tests.Infrastructure;

/// <summary>Paths of the repository under test.</summary>
internal static class Repo
{
    public static string Root { get; } = FindRoot();

    public static string Ingot => Path.Combine(Root, "artifacts", "ingot", "ingot");

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
