using System.Runtime.InteropServices;

namespace Ingot.Plugins.FileSource.State;

/// <summary>libc calls .NET does not expose: fsync of a directory (FileStream refuses to open one).</summary>
internal static partial class NativeMethods
{
    private const int ReadOnly = 0;

    /// <summary>
    /// Makes a rename in <paramref name="directory"/> durable: POSIX only promises the new directory entry survives a crash
    /// once the directory itself is fsynced. Best effort where the platform has no such call.
    /// </summary>
    public static void FsyncDirectory(string directory)
    {
        if (!OperatingSystem.IsLinux() && !OperatingSystem.IsMacOS() && !OperatingSystem.IsFreeBSD())
        {
            return;
        }

        var fd = Open(directory, ReadOnly);
        if (fd < 0)
        {
            throw new IOException($"cannot open directory {directory} to sync it (errno {Marshal.GetLastPInvokeError()})");
        }

        try
        {
            if (Fsync(fd) != 0)
            {
                throw new IOException($"cannot sync directory {directory} (errno {Marshal.GetLastPInvokeError()})");
            }
        }
        finally
        {
            _ = Close(fd);
        }
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int fd);

    [LibraryImport("libc", EntryPoint = "close")]
    private static partial int Close(int fd);
}
