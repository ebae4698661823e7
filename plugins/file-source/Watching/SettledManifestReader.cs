using Ingot.Plugins.FileSource.Manifests;

namespace Ingot.Plugins.FileSource.Watching;

/// <summary>
/// Reads the manifests only when they hold still. A directory being rewritten (git checkout, rsync, config management,
/// an editor's write-to-temp-then-rename, <c>mv a b</c>) shows, at any instant, some files missing, some renamed and some
/// half written; taking such a read as the truth would delete the Services of the missing files and free their addresses.
/// So a read is taken only when a second read, <see cref="FileSourceOptions.Settle"/> later, has the same content hash
/// (every file's path and bytes). A mounted ConfigMap is read through its <c>..data</c> link (<see cref="ConfigMapVolume"/>).
/// </summary>
internal sealed class SettledManifestReader
{
    private readonly ManifestLoader _loader;
    private readonly TimeSpan _settle;
    private readonly TimeProvider _time;

    public SettledManifestReader(ManifestLoader loader, TimeSpan settle, TimeProvider time)
    {
        _loader = loader;
        _settle = settle;
        _time = time;
    }

    /// <summary>Reads in a loop until two consecutive reads agree, and returns the last.</summary>
    /// <param name="path">The manifest file or directory.</param>
    /// <param name="unsettled">Called each time two reads disagreed (for metrics).</param>
    /// <param name="cancellationToken">Stops the wait.</param>
    public async Task<ManifestBatch> ReadAsync(string path, Action? unsettled, CancellationToken cancellationToken)
    {
        var previous = Load(path);
        if (_settle <= TimeSpan.Zero)
        {
            return previous;
        }

        while (true)
        {
            await Task.Delay(_settle, _time, cancellationToken).ConfigureAwait(false);
            var next = Load(path);
            if (next.ContentHash.AsSpan().SequenceEqual(previous.ContentHash))
            {
                return next;
            }

            unsettled?.Invoke();
            previous = next;
        }
    }

    private ManifestBatch Load(string path) => _loader.Load([Directory.Exists(path) ? ConfigMapVolume.Resolve(path) : path]);
}
