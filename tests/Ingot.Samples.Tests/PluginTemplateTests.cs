namespace Ingot.Samples.Tests;

[Collection(PackedSdkCollection.Name)]
public sealed class PluginTemplateTests(PackedSdk sdk)
{
    [Fact]
    public async Task DotnetNew_IngotPlugin_BuildsAndLoadsInHost()
    {
        using var folder = new PluginFolder();
        var hive = Path.Combine(folder.Root, "template-hive");
        var project = Path.Combine(folder.Root, "src", "Acme.Hello");

        await Command.RunCheckedAsync("dotnet",
            ["new", "install", Path.Combine(Repo.Root, "templates", "ingot-plugin"), "--debug:custom-hive", hive]);
        await Command.RunCheckedAsync("dotnet",
            ["new", "ingot-plugin", "-n", "Acme.Hello", "-o", project, "--pluginName", "hello", "--sdkVersion", sdk.Version,
             "--debug:custom-hive", hive]);
        // A user's project finds the SDK on their feed; here that is the repository's local feed.
        await File.WriteAllTextAsync(Path.Combine(project, "nuget.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <add key="ingot-local" value="{sdk.Feed}" />
              </packageSources>
            </configuration>
            """);
        await folder.BuildPluginAsync(project, "hello", sdk, workingDirectory: project);

        var (code, stdout, stderr) = await Command.RunAsync(Repo.Ingot, ["plugins", "--plugins-dir", folder.Plugins]);

        Assert.True(code == 0, stderr);
        var line = stdout.Split('\n').Single(l => l.Contains("hello", StringComparison.Ordinal));
        Assert.Contains("Announcer", line, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("refused", line, StringComparison.OrdinalIgnoreCase);
        Assert.True(File.Exists(Path.Combine(folder.Plugins, "hello", "Acme.Hello.dll")));
    }
}
