using System.Globalization;

namespace Ingot.Samples.Tests;

/// <summary>
/// Packs Ingot.Sdk and Ingot.Sdk.Testing once per test run into the repository's local feed (artifacts/feed, the feed
/// samples/nuget.config names), with a version of their own so NuGet's cache never serves an older build.
/// </summary>
public sealed class PackedSdk : IAsyncLifetime
{
    public string Feed { get; } = Path.Combine(Repo.Root, "artifacts", "feed");

    public string Version { get; } = "1.0.0-ci." + DateTime.UtcNow.ToString("yyyyMMddHHmmssfff", CultureInfo.InvariantCulture);

    public async Task InitializeAsync()
    {
        foreach (var project in new[] { "sdk/Ingot.Sdk", "sdk/Ingot.Sdk.Testing" })
        {
            // --no-build packs what `dotnet build Plugins.sln -c Release` produced; only the package version differs.
            await Command.RunCheckedAsync("dotnet",
                ["pack", project, "-c", "Release", "--no-build", "-o", Feed, $"-p:PackageVersion={Version}", "-nologo"]);
        }
    }

    public Task DisposeAsync()
    {
        foreach (var file in Directory.EnumerateFiles(Feed, $"*.{Version}.*"))
        {
            File.Delete(file);
        }

        return Task.CompletedTask;
    }
}
