using System.Text;
using System.Threading.Channels;
using Ingot.Plugins.FileSource.Manifests;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.FileSource.Watching;

/// <summary>
/// Tells when the manifests may have changed: file system events for speed, plus a cheap periodic comparison of file names,
/// sizes and times for the events inotify misses (a directory replaced, a watch limit reached, network file systems).
/// Signals coalesce; the caller reads the files and decides whether anything really changed.
/// </summary>
internal sealed partial class ManifestChangeWatcher : IDisposable
{
    private readonly string[] _paths;
    private readonly TimeProvider _time;
    private readonly TimeSpan _pollInterval;
    private readonly ILogger _logger;
    private readonly Channel<bool> _signals = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    private readonly Lock _lock = new();
    private readonly FileSystemWatcher?[] _watchers;
    private ITimer? _poll;
    private string _fingerprint = string.Empty;
    private long _lastSignal;
    private bool _disposed;

    public ManifestChangeWatcher(IReadOnlyList<string> paths, TimeSpan pollInterval, TimeProvider time, ILogger logger)
    {
        _paths = [.. paths.Select(Path.GetFullPath)];
        _watchers = new FileSystemWatcher?[_paths.Length];
        _pollInterval = pollInterval;
        _time = time;
        _logger = logger;
    }

    public void Start()
    {
        lock (_lock)
        {
            _fingerprint = Fingerprint();
            EnsureWatchers();
            _poll = _time.CreateTimer(_ => Poll(), null, _pollInterval, _pollInterval);
        }
    }

    /// <summary>
    /// Completes when something changed and then stayed quiet for <paramref name="debounce"/> (measured from the last
    /// event), so an editor's burst of writes (truncate, write, rename) yields one reload.
    /// </summary>
    public async Task WaitForChangeAsync(TimeSpan debounce, CancellationToken cancellationToken)
    {
        await _signals.Reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var quiet = _time.GetElapsedTime(Volatile.Read(ref _lastSignal));
            if (quiet >= debounce)
            {
                break;
            }

            await Task.Delay(debounce - quiet, _time, cancellationToken).ConfigureAwait(false);
        }

        _signals.Reader.TryRead(out _);
        try
        {
            lock (_lock)
            {
                // The caller reads the files next: the poll need only report what changes after this.
                _fingerprint = Fingerprint();
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.PollFailed(_logger, ex); // the poll will signal once more; the caller's content comparison absorbs it
        }
    }

    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            _poll?.Dispose();
            for (var i = 0; i < _watchers.Length; i++)
            {
                _watchers[i]?.Dispose();
                _watchers[i] = null;
            }
        }
    }

    private void Signal()
    {
        Volatile.Write(ref _lastSignal, _time.GetTimestamp());
        _signals.Writer.TryWrite(true);
    }

    private void Poll()
    {
        try
        {
            lock (_lock)
            {
                if (_disposed)
                {
                    return;
                }

                EnsureWatchers();
                var fingerprint = Fingerprint();
                if (!string.Equals(fingerprint, _fingerprint, StringComparison.Ordinal))
                {
                    _fingerprint = fingerprint;
                    Signal();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            Log.PollFailed(_logger, ex);
        }
    }

    /// <summary>Names, sizes and modification times of every manifest file, plus the paths that are missing.</summary>
    private string Fingerprint()
    {
        var files = ManifestFiles.Expand(_paths, out var missing);
        var sb = new StringBuilder();
        foreach (var file in files)
        {
            FileSystemInfo info = new FileInfo(file);
            try
            {
                // FileInfo describes a symbolic link itself. A mounted ConfigMap is links into a "..data" link that is
                // swapped on update, so follow links to the file whose content is read.
                if (info.LinkTarget is not null)
                {
                    info = info.ResolveLinkTarget(returnFinalTarget: true) ?? info;
                }
            }
            catch (IOException)
            {
                // a broken or looping link: its name alone goes into the fingerprint
            }

            sb.Append(file).Append('|').Append(info.FullName);
            if (info is FileInfo { Exists: true } target)
            {
                sb.Append('|').Append(target.Length).Append('|').Append(target.LastWriteTimeUtc.Ticks);
            }

            sb.Append('\n');
        }

        foreach (var path in missing)
        {
            sb.Append("missing|").Append(path).Append('\n');
        }

        return sb.ToString();
    }

    private void EnsureWatchers()
    {
        for (var i = 0; i < _paths.Length; i++)
        {
            if (_watchers[i] is not null)
            {
                continue;
            }

            var path = _paths[i];
            var isDirectory = Directory.Exists(path);
            var directory = isDirectory ? path : Path.GetDirectoryName(path);
            if (directory is null || !Directory.Exists(directory))
            {
                continue; // the poll notices when it appears
            }

            try
            {
                var watcher = new FileSystemWatcher(directory)
                {
                    IncludeSubdirectories = isDirectory,
                    NotifyFilter = NotifyFilters.FileName | NotifyFilters.DirectoryName | NotifyFilters.LastWrite
                        | NotifyFilters.Size | NotifyFilters.CreationTime,
                };
                var slot = i;
                watcher.Changed += (_, e) => OnEvent(path, isDirectory, e.FullPath, null);
                watcher.Created += (_, e) => OnEvent(path, isDirectory, e.FullPath, null);
                watcher.Deleted += (_, e) => OnEvent(path, isDirectory, e.FullPath, null);
                watcher.Renamed += (_, e) => OnEvent(path, isDirectory, e.FullPath, e.OldFullPath);
                watcher.Error += (_, e) => OnError(slot, e.GetException());
                watcher.EnableRaisingEvents = true;
                _watchers[i] = watcher;
            }
            catch (Exception ex) when (ex is IOException or ArgumentException or UnauthorizedAccessException)
            {
                // inotify limits reached, or the directory vanished: the poll carries on alone.
                Log.WatchFailed(_logger, directory, ex);
            }
        }
    }

    private void OnEvent(string watched, bool isDirectory, string path, string? oldPath)
    {
        if (isDirectory)
        {
            // Editors' swap and backup files come and go while typing; they alone never change what is read. Anything
            // else may (a mounted ConfigMap swaps its hidden "..data" link), and the reader compares content anyway.
            if (!IsEditorScratch(path) || (oldPath is not null && !IsEditorScratch(oldPath)))
            {
                Signal();
            }
        }
        else if (string.Equals(path, watched, StringComparison.Ordinal)
                 || string.Equals(oldPath, watched, StringComparison.Ordinal))
        {
            Signal();
        }
    }

    private void OnError(int slot, Exception ex)
    {
        Log.WatchFailed(_logger, _paths[slot], ex);
        lock (_lock)
        {
            _watchers[slot]?.Dispose();
            _watchers[slot] = null; // recreated by the next poll
        }

        Signal();
    }

    private static bool IsEditorScratch(string path)
    {
        var name = Path.GetFileName(path);
        return name.EndsWith('~') || name == "4913" // vim probes whether it may create files with "4913"
            || name.EndsWith(".swp", StringComparison.Ordinal) || name.EndsWith(".swx", StringComparison.Ordinal)
            || name.StartsWith(".#", StringComparison.Ordinal); // emacs lock files
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1, Level = LogLevel.Warning, Message = "Cannot watch {Path} for changes; falling back to polling")]
        public static partial void WatchFailed(ILogger logger, string path, Exception exception);

        [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Polling the manifests for changes failed")]
        public static partial void PollFailed(ILogger logger, Exception exception);
    }
}
