namespace Ingot.Plugins.FileSource.Watching;

/// <summary>
/// The layout of a mounted ConfigMap or Secret: the files are links through a hidden <c>..data</c> link to a timestamped
/// directory (<c>..2026_12_04_21_00_00.123456789</c>), and an update writes a new timestamped directory, swaps
/// <c>..data</c> with one rename, and only then adds and removes the top-level links. Read through the top-level links
/// in between, a file removed by the update is a dangling link and a file it added is not there yet; read through the
/// target of <c>..data</c>, every version is whole.
/// </summary>
internal static class ConfigMapVolume
{
    public const string DataLink = "..data";

    /// <summary>
    /// The directory to read for <paramref name="path"/>: the current target of its <c>..data</c> link when it is such a
    /// volume, else the path itself.
    /// </summary>
    public static string Resolve(string path)
    {
        var link = new DirectoryInfo(Path.Combine(path, DataLink));
        try
        {
            if (link.LinkTarget is null)
            {
                return path;
            }

            // One readlink: the swap is atomic, so this names one whole version (which the settle rule re-checks).
            var target = link.ResolveLinkTarget(returnFinalTarget: false);
            return target is DirectoryInfo { Exists: true } directory ? directory.FullName : path;
        }
        catch (IOException)
        {
            return path; // not a link, or swapped away between the calls: the next settle read sees the new one
        }
    }
}
