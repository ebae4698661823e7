using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Tests;

/// <summary>Shorthands for parser tests: parse, then demand a valid result or one specific error.</summary>
internal static class ParserAssert
{
    public static MetalLbConfiguration Valid(ConfigurationResources resources)
    {
        var result = MetalLbConfigurationParser.Parse(resources);
        Assert.True(result.IsValid, string.Join("\n", result.Diagnostics));
        Assert.NotNull(result.Configuration);
        return result.Configuration;
    }

    public static ConfigurationDiagnostic Error(ConfigurationResources resources, string kind, string name, string message)
    {
        var result = MetalLbConfigurationParser.Parse(resources);
        Assert.False(result.IsValid);
        Assert.Null(result.Configuration);
        var errors = result.Errors.ToList();
        var match = errors.FirstOrDefault(e => e.Message == message);
        Assert.True(match is not null, $"expected error \"{message}\", got:\n{string.Join("\n", errors)}");
        Assert.Equal(kind, match.Kind);
        Assert.Equal(name, match.Name);
        return match;
    }

    public static ConfigurationDiagnostic Warning(ConfigurationResources resources, string kind, string name, string contains)
    {
        var result = MetalLbConfigurationParser.Parse(resources);
        var warnings = result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        var match = warnings.FirstOrDefault(w => w.Message.Contains(contains, StringComparison.Ordinal));
        Assert.True(match is not null, $"expected warning containing \"{contains}\", got:\n{string.Join("\n", result.Diagnostics)}");
        Assert.Equal(kind, match.Kind);
        Assert.Equal(name, match.Name);
        return match;
    }

    public static IPAddressPoolResource Pool(string name, params string[] addresses)
        => new() { Name = name, Addresses = addresses, Origin = "test.yaml" };
}
