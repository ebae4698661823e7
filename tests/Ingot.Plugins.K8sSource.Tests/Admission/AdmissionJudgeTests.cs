using System.Text.Json;
using Ingot.Plugins.K8sSource.Admission;
using Ingot.Plugins.K8sSource.Mapping;
using Ingot.Plugins.K8sSource.Source;
using Ingot.Sdk.Configuration;

namespace Ingot.Plugins.K8sSource.Tests.Admission;

/// <summary>One test per rule family, on create, update and delete: the judgement over the rest of the configuration,
/// and the refusal worded exactly as the parser (and so <c>ingot validate</c>) words it.</summary>
public sealed class AdmissionJudgeTests
{
    private const string Ns = "metallb-system";
    private static readonly AdmissionJudge Judge = new(MetalLbConfigurationParser.Parse);

    [Fact]
    public void CreatePool_OverlappingAnExistingPool_RefusedWithTheParsersMessage()
    {
        var inputs = Inputs(TestObjects.Pool(Ns, "a", "\"192.0.2.0/25\""));
        var incoming = TestObjects.Pool(Ns, "b", "\"192.0.2.64/26\"");

        var verdict = Judge.Judge(Request("IPAddressPool", "v1beta1", AdmissionOperation.Create, "b", incoming), inputs);

        Assert.False(verdict.Allowed);
        var expected = string.Join("\n", ParseAll(TestObjects.Pool(Ns, "a", "\"192.0.2.0/25\""), incoming).Errors);
        Assert.Equal(expected, verdict.Message);
        Assert.Contains("overlaps with already defined CIDR", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePool_Disjoint_Allowed()
    {
        var inputs = Inputs(TestObjects.Pool(Ns, "a", "\"192.0.2.0/25\""));

        var verdict = Judge.Judge(Request("IPAddressPool", "v1beta1", AdmissionOperation.Create, "b", TestObjects.Pool(Ns, "b", "\"192.0.2.128/25\"")), inputs);

        Assert.True(verdict.Allowed);
        Assert.Null(verdict.Message);
        Assert.Empty(verdict.Warnings);
    }

    [Fact]
    public void CreatePool_BadRange_RefusedNamingTheObject()
    {
        var verdict = Judge.Judge(Request("IPAddressPool", "v1beta1", AdmissionOperation.Create, "bad", TestObjects.Pool(Ns, "bad", "\"192.0.2.9-192.0.2.1\"")), Inputs());

        Assert.False(verdict.Allowed);
        Assert.StartsWith("IPAddressPool/bad: ", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_OutsideTheNamespace_RefusedWithMetalLbsWording()
    {
        var verdict = Judge.Judge(Request("IPAddressPool", "v1beta1", AdmissionOperation.Create, "p", TestObjects.Pool("default", "p", "\"192.0.2.0/28\""), ns: "default"), Inputs());

        Assert.False(verdict.Allowed);
        Assert.Equal("IPAddressPool/p: resource must be created in metallb-system namespace", verdict.Message);
    }

    [Fact]
    public void UpdatePool_KeepingItsOwnError_StillRefused()
    {
        // Stored by an earlier release without a webhook: the pool already overlaps. An edit that keeps the overlap is
        // refused, though the error is not new.
        var a = TestObjects.Pool(Ns, "a", "\"192.0.2.0/25\"");
        var b = TestObjects.Pool(Ns, "b", "\"192.0.2.0/26\"");
        var verdict = Judge.Judge(Request("IPAddressPool", "v1beta1", AdmissionOperation.Update, "b", TestObjects.Pool(Ns, "b", "\"192.0.2.0/27\"")), Inputs(a, b));

        Assert.False(verdict.Allowed);
        Assert.Contains("IPAddressPool/b", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Update_UnrelatedObjectAlreadyWrong_DoesNotBlock()
    {
        var a = TestObjects.Pool(Ns, "a", "\"192.0.2.0/25\"");
        var b = TestObjects.Pool(Ns, "b", "\"192.0.2.0/26\"");
        var l2 = TestObjects.L2Advertisement(Ns, "l2");

        var verdict = Judge.Judge(Request("L2Advertisement", "v1beta1", AdmissionOperation.Update, "l2", l2), Inputs(a, b, l2));

        Assert.True(verdict.Allowed);
    }

    [Fact]
    public void CreatePeer_HoldTimeTwoSeconds_Refused()
    {
        var peer = Peer("p", """ "holdTime":"2s" """);

        var verdict = Judge.Judge(Request("BGPPeer", "v1beta2", AdmissionOperation.Create, "p", peer), Inputs());

        Assert.False(verdict.Allowed);
        Assert.Equal(string.Join("\n", ParseAll(peer).Errors), verdict.Message);
        Assert.Contains("BGPPeer/p", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreatePeer_MissingSecretOrBfdProfile_AllowedWithWarnings()
    {
        var secret = Judge.Judge(Request("BGPPeer", "v1beta2", AdmissionOperation.Create, "p",
            Peer("p", """ "passwordSecret":{"name":"later","namespace":"metallb-system"} """)), Inputs());
        var profile = Judge.Judge(Request("BGPPeer", "v1beta2", AdmissionOperation.Create, "q", Peer("q", """ "bfdProfile":"later" """)), Inputs());

        Assert.True(secret.Allowed);
        Assert.Contains(secret.Warnings, w => w.StartsWith("BGPPeer/p: secret ref not found", StringComparison.Ordinal));
        Assert.True(profile.Allowed);
        Assert.Contains(profile.Warnings, w => w == "BGPPeer/q: peer q referencing non existing bfd profile later");
    }

    [Fact]
    public void CreatePeer_IgnoredField_AllowedWithTheValidateWarning()
    {
        var peer = Peer("p", """ "vrf":"red" """);

        var verdict = Judge.Judge(Request("BGPPeer", "v1beta2", AdmissionOperation.Create, "p", peer), Inputs());

        Assert.True(verdict.Allowed);
        var expected = ParseAll(peer).Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Warning).Select(d => d.ToString());
        Assert.Equal(expected, verdict.Warnings);
    }

    [Fact]
    public void DeleteBfdProfile_UsedByAPeer_Refused()
    {
        var profile = Bfd("fast");
        var peer = Peer("p", """ "bfdProfile":"fast" """);

        var verdict = Judge.Judge(Request("BFDProfile", "v1beta1", AdmissionOperation.Delete, "fast", null), Inputs(profile, peer));

        Assert.False(verdict.Allowed);
        Assert.StartsWith("failed to delete BFDProfile fast: BGPPeer/p: peer p referencing non existing bfd profile fast", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void DeleteBfdProfile_Unused_Allowed()
    {
        var verdict = Judge.Judge(Request("BFDProfile", "v1beta1", AdmissionOperation.Delete, "fast", null), Inputs(Bfd("fast"), Peer("p", "")));

        Assert.True(verdict.Allowed);
    }

    [Fact]
    public void CreateBfdProfile_OutOfRangeInterval_Refused()
    {
        var verdict = Judge.Judge(Request("BFDProfile", "v1beta1", AdmissionOperation.Create, "slow", Bfd("slow", """ "receiveInterval":5 """)), Inputs());

        Assert.False(verdict.Allowed);
        Assert.StartsWith("BFDProfile/slow: ", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateCommunity_BadValue_Refused()
    {
        var community = $$$"""
            {"apiVersion":"metallb.io/v1beta1","kind":"Community","metadata":{"name":"c","namespace":"{{{Ns}}}"},
             "spec":{"communities":[{"name":"x","value":"70000:1"}]}}
            """;

        var verdict = Judge.Judge(Request("Community", "v1beta1", AdmissionOperation.Create, "c", community), Inputs());

        Assert.False(verdict.Allowed);
        Assert.StartsWith("Community/c: ", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateBgpAdvertisement_UnknownAlias_AllowedWithWarning_BadAggregation_Refused()
    {
        var pool = TestObjects.Pool(Ns, "a", "\"192.0.2.0/25\"");
        string Ad(string name, string spec) => $$$"""
            {"apiVersion":"metallb.io/v1beta1","kind":"BGPAdvertisement","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}"},"spec":{{{{spec}}}}}
            """;

        var alias = Judge.Judge(Request("BGPAdvertisement", "v1beta1", AdmissionOperation.Create, "ad", Ad("ad", """ "communities":["not-yet"] """)), Inputs(pool));
        var aggregation = Judge.Judge(Request("BGPAdvertisement", "v1beta1", AdmissionOperation.Create, "ag", Ad("ag", """ "aggregationLength":24,"ipAddressPools":["a"] """)), Inputs(pool));

        Assert.True(alias.Allowed);
        Assert.Contains(alias.Warnings, w => w.Contains("not-yet", StringComparison.Ordinal));
        Assert.False(aggregation.Allowed);
        Assert.StartsWith("BGPAdvertisement/ag: ", aggregation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateL2Advertisement_DuplicateSelector_Refused()
    {
        var ad = $$$"""
            {"apiVersion":"metallb.io/v1beta1","kind":"L2Advertisement","metadata":{"name":"l2","namespace":"{{{Ns}}}"},
             "spec":{"nodeSelectors":[{"matchLabels":{"a":"b"}},{"matchLabels":{"a":"b"}}]}}
            """;

        var verdict = Judge.Judge(Request("L2Advertisement", "v1beta1", AdmissionOperation.Create, "l2", ad), Inputs());

        Assert.False(verdict.Allowed);
        Assert.StartsWith("L2Advertisement/l2: ", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MappingError_WrongFieldType_Refused()
    {
        var pool = $$$"""
            {"apiVersion":"metallb.io/v1beta1","kind":"IPAddressPool","metadata":{"name":"p","namespace":"{{{Ns}}}"},"spec":{"addresses":"192.0.2.0/28"}}
            """;

        var verdict = Judge.Judge(Request("IPAddressPool", "v1beta1", AdmissionOperation.Create, "p", pool), Inputs());

        Assert.False(verdict.Allowed);
        Assert.Contains("spec.addresses", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownKind_Refused()
    {
        var verdict = Judge.Judge(Request("ConfigurationState", "v1beta1", AdmissionOperation.Create, "x", "{\"metadata\":{\"name\":\"x\"}}"), Inputs());

        Assert.False(verdict.Allowed);
        Assert.Contains("reviews only", verdict.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ValidatorThrows_RefusalNamesIt()
    {
        var judge = new AdmissionJudge(_ => throw new InvalidOperationException("boom"));

        var verdict = judge.Judge(Request("IPAddressPool", "v1beta1", AdmissionOperation.Create, "p", TestObjects.Pool(Ns, "p", "\"192.0.2.0/28\"")), Inputs());

        Assert.False(verdict.Allowed);
        Assert.Contains("validation failed: boom", verdict.Message, StringComparison.Ordinal);
    }

    private static string Peer(string name, string extra) => $$$"""
        {"apiVersion":"metallb.io/v1beta2","kind":"BGPPeer","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}"},
         "spec":{"myASN":64512,"peerASN":64513,"peerAddress":"192.0.2.254"{{{(extra.Trim().Length > 0 ? "," + extra : "")}}}}}
        """;

    private static string Bfd(string name, string extra = "") => $$$"""
        {"apiVersion":"metallb.io/v1beta1","kind":"BFDProfile","metadata":{"name":"{{{name}}}","namespace":"{{{Ns}}}"},"spec":{{{{extra}}}}}
        """;

    private static AdmissionRequest Request(string kind, string version, AdmissionOperation operation, string name, string? json, string ns = Ns)
        => new(Guid.NewGuid().ToString(), kind, version, operation, name, ns, json is null ? null : JsonDocument.Parse(json).RootElement.Clone());

    private static ConfigurationInputs Inputs(params string[] objects) => new()
    {
        Namespace = Ns,
        MetalLb = [.. objects.Select(Map)],
    };

    private static ConfigurationParseResult ParseAll(params string[] objects) => MetalLbConfigurationParser.Parse(Inputs(objects).Assemble().Resources);

    private static MappedResource Map(string json)
    {
        var element = JsonDocument.Parse(json).RootElement.Clone();
        var kind = element.GetProperty("kind").GetString()!;
        var version = element.GetProperty("apiVersion").GetString()!.Split('/')[1];
        return AdmissionJudge.Kinds[kind](element, version)!;
    }
}
