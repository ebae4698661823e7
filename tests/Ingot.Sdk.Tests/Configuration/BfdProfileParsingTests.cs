using Ingot.Sdk.Configuration.Resources;
using static Ingot.Sdk.Configuration.Tests.ParserAssert;

namespace Ingot.Sdk.Configuration.Tests;

public class BfdProfileParsingTests
{
    private static ConfigurationResources With(params BfdProfileResource[] profiles) => new() { BfdProfiles = profiles };

    [Fact]
    public void Parse_FullProfile_KeptWithEchoModeWarning()
    {
        var resources = With(new BfdProfileResource
        {
            Name = "fast",
            ReceiveInterval = 10,
            TransmitInterval = 60000,
            DetectMultiplier = 2,
            EchoInterval = 50,
            EchoMode = true,
            PassiveMode = true,
            MinimumTtl = 254,
        });
        var p = Valid(resources).BfdProfiles["fast"];
        Assert.Equal(10u, p.ReceiveInterval);
        Assert.Equal(60000u, p.TransmitInterval);
        Assert.Equal(2u, p.DetectMultiplier);
        Assert.Equal(50u, p.EchoInterval);
        Assert.True(p.EchoMode);
        Assert.True(p.PassiveMode);
        Assert.Equal(254u, p.MinimumTtl);
        Warning(resources, "BFDProfile", "fast", "spec.echoMode: Ingot does not send BFD echo packets; peers using this profile run BFD in asynchronous mode");
    }

    [Fact]
    public void Parse_EmptyProfile_DefaultsWithoutDiagnostics()
    {
        var resources = With(new BfdProfileResource { Name = "d" });
        Assert.Empty(MetalLbConfigurationParser.Parse(resources).Diagnostics);
        var p = Valid(resources).BfdProfiles["d"];
        Assert.Null(p.ReceiveInterval);
        Assert.Null(p.DetectMultiplier);
        Assert.False(p.EchoMode);
        Assert.False(p.PassiveMode);
    }

    public static TheoryData<BfdProfileResource, string> OutOfRange => new()
    {
        { new BfdProfileResource { Name = "x", DetectMultiplier = 1 }, "invalid detect multiplier value: invalid value 1, must be in 2-255 range" },
        { new BfdProfileResource { Name = "x", DetectMultiplier = 256 }, "invalid detect multiplier value: invalid value 256, must be in 2-255 range" },
        { new BfdProfileResource { Name = "x", ReceiveInterval = 9 }, "invalid receive interval value: invalid value 9, must be in 10-60000 range" },
        { new BfdProfileResource { Name = "x", TransmitInterval = 60001 }, "invalid transmit interval value: invalid value 60001, must be in 10-60000 range" },
        { new BfdProfileResource { Name = "x", MinimumTtl = 0 }, "invalid minimum ttl value: invalid value 0, must be in 1-254 range" },
        { new BfdProfileResource { Name = "x", EchoInterval = 5 }, "invalid echo interval value: invalid value 5, must be in 10-60000 range" },
    };

    [Theory]
    [MemberData(nameof(OutOfRange))]
    public void Parse_OutOfRange_Rejected(BfdProfileResource profile, string message) => Error(With(profile), "BFDProfile", "x", message);

    [Fact]
    public void Parse_DuplicateName_Rejected()
        => Error(With(new BfdProfileResource { Name = "x" }, new BfdProfileResource { Name = "x", EchoMode = true }), "BFDProfile", "x",
            "found duplicate bfd profile name x");

    [Fact]
    public void Parse_MissingName_Rejected() => Error(With(new BfdProfileResource { Name = "" }), "BFDProfile", "", "missing bfd profile name");
}
