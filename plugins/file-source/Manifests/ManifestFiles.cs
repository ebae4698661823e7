namespace Ingot.Plugins.FileSource.Manifests;

/// <summary>Expands the paths a user gave into the manifest files to read, in a stable order.</summary>
internal static class ManifestFiles
{
    private static readonly EnumerationOptions s_recursive = new()
    {
        RecurseSubdirectories = true,
        IgnoreInaccessible = true,
        // Hidden entries stay skipped (the default): editors' swap files, and the "..data" directories of a mounted
        // ConfigMap, whose files are also linked at the top level.
        AttributesToSkip = FileAttributes.Hidden | FileAttributes.System,
        MatchType = MatchType.Simple,
    };

    /// <summary>True for the file names a directory scan picks up.</summary>
    public static bool IsManifestName(string path)
        => path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase)
           || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
           || path.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Each path in the order given: a file as is (whatever its extension), a directory as its <c>*.yaml</c>, <c>*.yml</c>
    /// and <c>*.json</c> files at any depth in ordinal path order. Paths that do not exist are returned in
    /// <paramref name="missing"/>.
    /// </summary>
    public static List<string> Expand(IReadOnlyList<string> paths, out List<string> missing)
    {
        var files = new List<string>();
        missing = [];
        foreach (var path in paths)
        {
            if (Directory.Exists(path))
            {
                var found = Directory.EnumerateFiles(path, "*", s_recursive).Where(IsManifestName).ToList();
                found.Sort(StringComparer.Ordinal);
                files.AddRange(found);
            }
            else if (File.Exists(path))
            {
                files.Add(path);
            }
            else
            {
                missing.Add(path);
            }
        }

        return files;
    }
}
