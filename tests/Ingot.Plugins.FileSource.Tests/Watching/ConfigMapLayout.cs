using System.Diagnostics;

namespace Ingot.Plugins.FileSource.Tests.Watching;

/// <summary>
/// Writes a directory the way the kubelet's atomic writer lays out a mounted ConfigMap: each version in a timestamped
/// hidden directory, a <c>..data</c> link to the current one, and top-level links through <c>..data</c>.
/// </summary>
internal sealed class ConfigMapLayout
{
    private readonly string _root;
    private int _version;
    private string? _current;

    public ConfigMapLayout(string root) => _root = root;

    /// <summary>Writes version N and swaps <c>..data</c> to it, leaving the top-level links as they were.</summary>
    public void WriteAndSwap(IReadOnlyDictionary<string, string> files)
    {
        _version++;
        var name = $"..2026_12_04_21_00_00.{_version:D9}";
        var directory = Path.Combine(_root, name);
        Directory.CreateDirectory(directory);
        foreach (var (file, content) in files)
        {
            File.WriteAllText(Path.Combine(directory, file), content);
        }

        var temporary = Path.Combine(_root, "..data_tmp");
        Directory.CreateSymbolicLink(temporary, name);
        Rename(temporary, Path.Combine(_root, "..data"));
        _previous = _current;
        _current = directory;
    }

    /// <summary>The writer's last steps: links for new files, removal of links to files gone, removal of the old version.</summary>
    public void FinishSwap()
    {
        var files = Directory.GetFiles(_current!).Select(Path.GetFileName).ToHashSet(StringComparer.Ordinal);
        foreach (var file in files)
        {
            var link = Path.Combine(_root, file!);
            if (!File.Exists(link) && !IsLink(link))
            {
                File.CreateSymbolicLink(link, Path.Combine("..data", file!));
            }
        }

        foreach (var link in Directory.GetFiles(_root).Where(IsLink))
        {
            if (!files.Contains(Path.GetFileName(link)))
            {
                File.Delete(link);
            }
        }

        if (_previous is not null)
        {
            Directory.Delete(_previous, recursive: true);
            _previous = null;
        }
    }

    private string? _previous;

    private static bool IsLink(string path) => new FileInfo(path).LinkTarget is not null;

    // rename(2) over the old link, as the atomic writer does; "mv -T" is that call.
    private static void Rename(string from, string to)
    {
        using var mv = Process.Start(new ProcessStartInfo("mv", ["-T", from, to]) { RedirectStandardError = true })!;
        mv.WaitForExit();
        if (mv.ExitCode != 0)
        {
            throw new IOException($"mv -T {from} {to}: {mv.StandardError.ReadToEnd()}");
        }
    }
}
