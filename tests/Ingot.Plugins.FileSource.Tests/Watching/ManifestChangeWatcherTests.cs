using Ingot.Plugins.FileSource.Tests;
using Microsoft.Extensions.Logging.Abstractions;

namespace Ingot.Plugins.FileSource.Watching.Tests;

/// <summary>Real files in a temp directory, real file system events; nothing here asserts how long anything took.</summary>
public class ManifestChangeWatcherTests
{
    private static readonly TimeSpan s_debounce = TimeSpan.FromMilliseconds(50);

    // Long enough never to be what a test waits on; only a hang would reach it.
    private static CancellationToken Timeout => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static ManifestChangeWatcher Start(string path, TimeSpan? poll = null)
    {
        var watcher = new ManifestChangeWatcher([path], poll ?? TimeSpan.FromMinutes(10), TimeProvider.System, NullLogger.Instance);
        watcher.Start();
        return watcher;
    }

    [Fact]
    public async Task WaitForChange_FileEdited_Completes()
    {
        using var dir = new TempDirectory();
        dir.Write("a.yaml", "a: 1\n");
        using var watcher = Start(dir.Path);

        var change = watcher.WaitForChangeAsync(s_debounce, Timeout);
        dir.Write("a.yaml", "a: 2\n");

        await change;
        Assert.True(change.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForChange_FileAdded_Completes()
    {
        using var dir = new TempDirectory();
        using var watcher = Start(dir.Path);

        var change = watcher.WaitForChangeAsync(s_debounce, Timeout);
        dir.Write("sub/new.yaml", "a: 1\n");

        await change;
        Assert.True(change.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForChange_FileDeleted_Completes()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("a.yaml", "a: 1\n");
        using var watcher = Start(dir.Path);

        var change = watcher.WaitForChangeAsync(s_debounce, Timeout);
        File.Delete(file);

        await change;
        Assert.True(change.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForChange_EditorRenamesOverWatchedFile_Completes()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config.yaml", "a: 1\n");
        using var watcher = Start(file);

        var change = watcher.WaitForChangeAsync(s_debounce, Timeout);
        var swap = dir.Write(".config.yaml.swp", "a: 2\n");
        File.Move(swap, file, overwrite: true);

        await change;
        Assert.True(change.IsCompletedSuccessfully);
        Assert.Equal("a: 2\n", File.ReadAllText(file));
    }

    [Fact]
    public async Task WaitForChange_OtherFileBesideWatchedFile_DoesNotComplete()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("config.yaml", "a: 1\n");
        using var watcher = Start(file);

        var change = watcher.WaitForChangeAsync(s_debounce, Timeout);
        dir.Write("other.yaml", "b: 1\n");
        // A later edit of the watched file is what completes the wait; had the unrelated file counted, the wait would
        // already be over and the edit below would be left for the next wait.
        var next = Task.Run(async () =>
        {
            await change;
            return watcher.WaitForChangeAsync(s_debounce, CancellationToken.None);
        });
        dir.Write("config.yaml", "a: 2\n");
        await change;

        var pending = await next;
        Assert.False(pending.IsCompleted);
    }

    [Fact]
    public async Task WaitForChange_ChangeNotSeenByEvents_PollFindsIt()
    {
        using var dir = new TempDirectory();
        var file = dir.Write("nested/config.yaml", "a: 1\n");
        // The watched directory does not exist yet, so there is no file system watcher: only the poll can notice.
        var target = dir.File("later/config.yaml");
        using var watcher = Start(target, poll: TimeSpan.FromMilliseconds(20));

        var change = watcher.WaitForChangeAsync(s_debounce, Timeout);
        Directory.CreateDirectory(dir.File("later"));
        File.Copy(file, target);

        await change;
        Assert.True(change.IsCompletedSuccessfully);
    }

    [Fact]
    public async Task WaitForChange_ConfigMapStyleLinkSwap_Completes()
    {
        // A mounted ConfigMap: config.yaml -> ..data/config.yaml, ..data -> ..v1; an update points ..data at ..v2.
        using var dir = new TempDirectory();
        dir.Write("..v1/config.yaml", "a: 1\n");
        dir.Write("..v2/config.yaml", "a: 2, b: 3\n");
        File.CreateSymbolicLink(dir.File("..data"), dir.File("..v1"));
        File.CreateSymbolicLink(dir.File("config.yaml"), "..data/config.yaml");
        using var watcher = Start(dir.Path, poll: TimeSpan.FromMilliseconds(20));

        var change = watcher.WaitForChangeAsync(s_debounce, Timeout);
        File.CreateSymbolicLink(dir.File("..data_tmp"), dir.File("..v2"));
        // rename(2) of a link over a link, as the kubelet does; File.Move would follow the link to a directory.
        using (var mv = System.Diagnostics.Process.Start("mv", ["-T", "-f", dir.File("..data_tmp"), dir.File("..data")]))
        {
            await mv.WaitForExitAsync(Timeout);
            Assert.Equal(0, mv.ExitCode);
        }

        await change;
        Assert.True(change.IsCompletedSuccessfully);
        Assert.Equal("a: 2, b: 3\n", File.ReadAllText(dir.File("config.yaml")));
    }
}
