using Ingot.Tests.Lab;

namespace Ingot.Image.Tests;

/// <summary>
/// The lab (see <see cref="LabSession"/>) with every node started from the image instead of the binary: lab.sh reads
/// <c>LAB_IMAGE</c> and runs each node with podman and runc under the DaemonSet's security context.
/// </summary>
public sealed class ImageLabFixture : LabSession
{
    private static readonly string ArchivePath;

    // An explicit static constructor runs before the first instance's base constructor starts the lab, which hands
    // LAB_IMAGE on to lab.sh (a field initializer alone may run later: beforefieldinit).
    static ImageLabFixture()
    {
        ArchivePath = PrepareArchive();
    }

    public string Archive => ArchivePath;

    public string Mac(string node) => NodeEnv("MAC", node);

    public string? NodeOfMac(string? mac)
        => mac is null ? null : Nodes.FirstOrDefault(n => string.Equals(Mac(n), mac, StringComparison.OrdinalIgnoreCase));

    public (int Code, string Output, string Error) Birdc(params string[] args)
        => InNamespace("router", "birdc", ["-s", Env["LAB_BIRD_SOCKET"], .. args]);

    /// <summary>The pid of the <c>ingot</c> process inside a node's namespace (the container's, seen from the host).</summary>
    public int? IngotPid(string node)
    {
        var (_, pids, _) = Run("ip", "netns", "pids", Namespace(node));
        foreach (var line in pids.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var comm = Path.Combine("/proc", line, "comm");
            if (File.Exists(comm) && File.ReadAllText(comm).Trim() == "ingot")
            {
                return int.Parse(line, System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return null;
    }

    private static string PrepareArchive()
    {
        var repo = new DirectoryInfo(AppContext.BaseDirectory);
        while (repo is not null && !File.Exists(Path.Combine(repo.FullName, "Plugins.sln")))
        {
            repo = repo.Parent;
        }

        var archive = ImageArchive.FindOrBuild(repo?.FullName ?? throw new InvalidOperationException("cannot find the repository root (Plugins.sln)"));
        Environment.SetEnvironmentVariable("LAB_IMAGE", archive);
        return archive;
    }
}
