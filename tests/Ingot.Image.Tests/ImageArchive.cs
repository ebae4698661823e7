using System.Diagnostics;

namespace Ingot.Image.Tests;

/// <summary>
/// The archive <c>scripts/image.sh</c> writes (artifacts/image/ingot-VERSION.oci.tar), built once when it is missing, so
/// the test runs the image CI would ship rather than one a developer built from other sources long ago.
/// </summary>
internal static class ImageArchive
{
    // A fresh machine downloads the Debian packages and the runtime packs, then publishes six projects.
    private static readonly TimeSpan BuildDeadline = TimeSpan.FromMinutes(15);

    public static string FindOrBuild(string repo)
    {
        var found = Find(repo);
        if (found is not null)
        {
            return found;
        }

        var info = new ProcessStartInfo(Path.Combine(repo, "scripts", "image.sh")) { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var stderr = process.StandardError.ReadToEndAsync();
        var stdout = process.StandardOutput.ReadToEndAsync();
        if (!process.WaitForExit(BuildDeadline))
        {
            process.Kill(entireProcessTree: true);
            throw new InvalidOperationException($"scripts/image.sh did not finish within {BuildDeadline}: {stderr.Result}");
        }

        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"scripts/image.sh failed ({process.ExitCode}): {stderr.Result}{stdout.Result}");
        }

        return Find(repo) ?? throw new InvalidOperationException("scripts/image.sh succeeded but wrote no artifacts/image/ingot-*.oci.tar");
    }

    private static string? Find(string repo)
    {
        var dir = Path.Combine(repo, "artifacts", "image");
        return Directory.Exists(dir)
            ? Directory.GetFiles(dir, "ingot-*.oci.tar").OrderByDescending(File.GetLastWriteTimeUtc).FirstOrDefault()
            : null;
    }
}
