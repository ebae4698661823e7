using System.IO.Compression;
using System.Reflection;
using System.Xml.Linq;

namespace Ingot.Samples.Tests;

[Collection(PackedSdkCollection.Name)]
public sealed class SdkPackageTests(PackedSdk sdk)
{
    [Fact]
    public void Pack_IngotSdk_CarriesAssemblyDocsReadmeAndLicense()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(sdk.Feed, $"Ingot.Sdk.{sdk.Version}.nupkg"));
        var entries = zip.Entries.Select(e => e.FullName).ToHashSet();
        Assert.Contains("lib/net10.0/Ingot.Sdk.dll", entries);
        Assert.Contains("lib/net10.0/Ingot.Sdk.xml", entries);
        Assert.Contains("README.md", entries);

        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var metadata = nuspec.Root.Element(ns + "metadata")!;
        Assert.Equal(sdk.Version, metadata.Element(ns + "version")!.Value);
        Assert.Equal("MIT", metadata.Element(ns + "license")!.Value);
        Assert.Equal("README.md", metadata.Element(ns + "readme")!.Value);
        var dependencies = metadata.Descendants(ns + "dependency").Select(d => (string)d.Attribute("id")!).ToList();
        Assert.Contains("Microsoft.Extensions.DependencyInjection.Abstractions", dependencies);
        Assert.DoesNotContain("Microsoft.CodeAnalysis.PublicApiAnalyzers", dependencies);
    }

    [Fact]
    public void Pack_IngotSdkTesting_DependsOnTheSameSdkVersion()
    {
        using var zip = ZipFile.OpenRead(Path.Combine(sdk.Feed, $"Ingot.Sdk.Testing.{sdk.Version}.nupkg"));
        var nuspec = XDocument.Load(zip.Entries.Single(e => e.FullName.EndsWith(".nuspec", StringComparison.Ordinal)).Open());
        XNamespace ns = nuspec.Root!.Name.Namespace;
        var sdkDependency = nuspec.Descendants(ns + "dependency").Single(d => (string)d.Attribute("id")! == "Ingot.Sdk");
        Assert.Equal(sdk.Version, (string)sdkDependency.Attribute("version")!);
        Assert.Contains("lib/net10.0/Ingot.Sdk.Testing.xml", zip.Entries.Select(e => e.FullName));
    }

    [Fact]
    public void SdkAssembly_VersionStaysOnTheMajor()
    {
        var name = AssemblyName.GetAssemblyName(Path.Combine(Repo.Root, "artifacts", "ingot", "Ingot.Sdk.dll"));
        Assert.Equal(new Version(1, 0, 0, 0), name.Version);
    }
}
