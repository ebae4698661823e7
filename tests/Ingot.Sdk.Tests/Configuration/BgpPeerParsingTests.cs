using System.Collections.Immutable;
using System.Net;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;
using static Ingot.Sdk.Configuration.Tests.ParserAssert;

namespace Ingot.Sdk.Configuration.Tests;

public class BgpPeerParsingTests
{
    private static BgpPeerResource Peer(string name = "router") => new()
    {
        Name = name,
        MyAsn = 64512,
        PeerAsn = 64513,
        PeerAddress = "192.0.2.1",
        Origin = "peers.yaml",
    };

    private static ConfigurationResources With(params BgpPeerResource[] peers) => new() { Peers = peers };

    private static SecretResource Secret(string name, string? type = "kubernetes.io/basic-auth", string? password = "s3cret") => new()
    {
        Name = name,
        Type = type,
        Data = password is null ? ImmutableDictionary<string, string>.Empty : ImmutableDictionary<string, string>.Empty.Add("password", password),
    };

    [Fact]
    public void Parse_MinimalPeer_Defaults()
    {
        var peer = Valid(With(Peer())).Peers["router"];
        Assert.Equal(64512u, peer.MyAsn);
        Assert.Equal(64513u, peer.PeerAsn);
        Assert.Equal(IPAddress.Parse("192.0.2.1"), peer.PeerAddress);
        Assert.Equal(179, peer.PeerPort);
        Assert.Null(peer.HoldTime);
        Assert.Null(peer.KeepaliveTime);
        Assert.Null(peer.ConnectTime);
        Assert.Null(peer.RouterId);
        Assert.Null(peer.SourceAddress);
        Assert.Null(peer.Password);
        Assert.Empty(peer.NodeSelectors);
        Assert.False(peer.IsInternal);
    }

    [Fact]
    public void Parse_FullPeer_AllFieldsKept()
    {
        var peer = Valid(With(Peer() with
        {
            PeerAddress = "2001:db8::1",
            SourceAddress = "2001:db8::2",
            RouterId = "192.0.2.100",
            PeerPort = 1179,
            HoldTime = "1m30s",
            KeepaliveTime = "30s",
            ConnectTime = "10s",
            Password = "md5",
            EbgpMultiHop = true,
            EnableGracefulRestart = true,
            DualStackAddressFamily = true,
            NodeSelectors = [new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("rack", "1") }],
        })).Peers["router"];
        Assert.Equal(IPAddress.Parse("2001:db8::2"), peer.SourceAddress);
        Assert.Equal(IPAddress.Parse("192.0.2.100"), peer.RouterId);
        Assert.Equal(1179, peer.PeerPort);
        Assert.Equal(TimeSpan.FromSeconds(90), peer.HoldTime);
        Assert.Equal(TimeSpan.FromSeconds(30), peer.KeepaliveTime);
        Assert.Equal(TimeSpan.FromSeconds(10), peer.ConnectTime);
        Assert.Equal("md5", peer.Password);
        Assert.True(peer.EbgpMultiHop);
        Assert.True(peer.EnableGracefulRestart);
        Assert.True(peer.DualStackAddressFamily);
        Assert.Equal("rack=1", Assert.Single(peer.NodeSelectors).ToString());
    }

    [Theory]
    [InlineData("90s", null, 90, 30)]
    [InlineData(null, "10s", 30, 10)]
    [InlineData("0s", null, 0, 0)]
    [InlineData("3s", "1s", 3, 1)]
    [InlineData("3.5s", null, 3.5, 3.5 / 3)]
    [InlineData("9s", "9s", 9, 9)]
    public void Parse_Timers_ParseTimersRules(string? hold, string? keepalive, double holdSeconds, double keepaliveSeconds)
    {
        var peer = Valid(With(Peer() with { HoldTime = hold, KeepaliveTime = keepalive })).Peers["router"];
        Assert.Equal(holdSeconds, peer.HoldTime!.Value.TotalSeconds, 3);
        Assert.Equal(keepaliveSeconds, peer.KeepaliveTime!.Value.TotalSeconds, 3);
    }

    [Theory]
    [InlineData("1s", null, "invalid BGPPeer timers: invalid hold time \"1s\": must be 0 or >=3s")]
    [InlineData("2999ms", null, "invalid BGPPeer timers: invalid hold time \"2999ms\": must be 0 or >=3s")]
    [InlineData(null, "500ms", "invalid BGPPeer timers: invalid hold time \"1.5s\": must be 0 or >=3s")]
    [InlineData("9s", "10s", "invalid BGPPeer timers: invalid keepaliveTime \"10s\", must be lower than holdTime \"9s\"")]
    [InlineData("0s", "1s", "invalid BGPPeer timers: invalid keepaliveTime \"1s\", must be lower than holdTime \"0s\"")]
    [InlineData("ninety", null, "spec.holdTime: time: invalid duration \"ninety\"")]
    [InlineData(null, "5", "spec.keepaliveTime: time: invalid duration \"5\"")]
    public void Parse_BadTimers_Rejected(string? hold, string? keepalive, string message)
        => Error(With(Peer() with { HoldTime = hold, KeepaliveTime = keepalive }), "BGPPeer", "router", message);

    [Theory]
    [InlineData("0s")]
    [InlineData("1.5s")]
    [InlineData("65536s")]
    [InlineData("-5s")]
    public void Parse_ConnectTimeOutOfRange_Rejected(string connect)
        => Error(With(Peer() with { ConnectTime = connect }), "BGPPeer", "router",
            $"spec.connectTime: \"{connect}\" must be between 1s and 65535s and a whole number of seconds");

    public static TheoryData<BgpPeerResource, string> RejectedPeers => new()
    {
        { Peer() with { MyAsn = null }, "missing local ASN" },
        { Peer() with { MyAsn = 0 }, "missing local ASN" },
        { Peer() with { PeerAsn = null }, "missing peer ASN and dynamicASN" },
        { Peer() with { DynamicAsn = "external" }, "both peer ASN and dynamicASN specified" },
        { Peer() with { PeerAsn = null, DynamicAsn = "sideways" }, "invalid dynamicASN sideways" },
        { Peer() with { PeerAsn = 64512, EbgpMultiHop = true }, "invalid ebgp-multihop parameter set for an ibgp peer" },
        { Peer() with { PeerAddress = null }, "peer has no Address or Interface specified" },
        { Peer() with { Interface = "eth0" }, "peer has both Address and Interface specified" },
        { Peer() with { PeerAddress = null, Interface = "eth0\n" }, "interface for peer \"metallb-system\"/\"router\" contains invalid characters" },
        { Peer() with { PeerAddress = "192.0.2.300" }, "invalid BGPPeer address \"192.0.2.300\"" },
        { Peer() with { PeerAddress = "router.example" }, "invalid BGPPeer address \"router.example\"" },
        { Peer() with { RouterId = "1.2.3" }, "invalid router ID \"1.2.3\"" },
        { Peer() with { SourceAddress = "eth0" }, "invalid source IP \"eth0\"" },
        { Peer() with { MyAsn = 4294967296 }, "spec.myASN: 4294967296 is out of range 0..4294967295" },
        { Peer() with { PeerAsn = -1 }, "spec.peerASN: -1 is out of range 0..4294967295" },
        { Peer() with { LocalAsn = 0 }, "spec.localASN: 0 is out of range 1..4294967295" },
        { Peer() with { PeerPort = 0 }, "spec.peerPort: 0 is out of range 1..16384" },
        { Peer() with { PeerPort = 16385 }, "spec.peerPort: 16385 is out of range 1..16384" },
        { Peer() with { Password = "a", PasswordSecretName = "s" }, "can not have both password and secret ref set in peer config \"metallb-system\"/\"router\"" },
        { Peer() with { Password = "a\r" }, "password for peer \"metallb-system\"/\"router\" contains invalid characters" },
        { Peer() with { Vrf = "red\n" }, "VRF name for peer \"metallb-system\"/\"router\" contains invalid characters" },
        {
            Peer() with { NodeSelectors = [new LabelSelector { MatchExpressions = [new("rack", "Exists", [])] }, new LabelSelector { MatchExpressions = [new("rack", "Exists", [])] }] },
            "duplicate definition of nodeSelectors \"rack\""
        },
        {
            Peer() with { NodeSelectors = [new LabelSelector { MatchExpressions = [new("rack", "Near", ["1"])] }] },
            "spec.nodeSelectors[0]: \"Near\" is not a valid label selector operator"
        },
    };

    [Theory]
    [MemberData(nameof(RejectedPeers))]
    public void Parse_InvalidPeer_Rejected(BgpPeerResource peer, string message)
    {
        var d = Error(With(peer), "BGPPeer", "router", message);
        Assert.Equal("peers.yaml", d.Origin);
        Assert.False(d.IsTransient);
    }

    [Fact]
    public void Parse_IbgpWithoutMultihop_Accepted() => Assert.True(Valid(With(Peer() with { PeerAsn = 64512 })).Peers["router"].IsInternal);

    [Fact]
    public void Parse_PasswordSecret_Resolved()
    {
        var resources = With(Peer() with { PasswordSecretName = "bgp-auth" }) with { Secrets = [Secret("bgp-auth")] };
        Assert.Equal("s3cret", Valid(resources).Peers["router"].Password);
    }

    [Fact]
    public void Parse_PasswordSecretMissing_TransientError()
    {
        var d = Error(With(Peer() with { PasswordSecretName = "bgp-auth" }), "BGPPeer", "router",
            "secret ref not found for peer config \"metallb-system\"/\"router\"");
        Assert.True(d.IsTransient);
    }

    [Fact]
    public void Parse_PasswordSecretInOtherNamespace_NotFound()
    {
        var resources = With(Peer() with { PasswordSecretName = "bgp-auth" }) with { Secrets = [Secret("bgp-auth") with { Namespace = "default" }] };
        Assert.True(Error(resources, "BGPPeer", "router", "secret ref not found for peer config \"metallb-system\"/\"router\"").IsTransient);
    }

    [Fact]
    public void Parse_PasswordSecretWrongType_Rejected()
    {
        var resources = With(Peer() with { PasswordSecretName = "bgp-auth" }) with { Secrets = [Secret("bgp-auth", type: "Opaque")] };
        var d = Error(resources, "BGPPeer", "router", "secret type mismatch on \"metallb-system\"/\"bgp-auth\", type \"kubernetes.io/basic-auth\" is expected");
        Assert.False(d.IsTransient);
    }

    [Fact]
    public void Parse_PasswordSecretWithoutPasswordKey_Rejected()
    {
        var resources = With(Peer() with { PasswordSecretName = "bgp-auth" }) with { Secrets = [Secret("bgp-auth", password: null)] };
        Error(resources, "BGPPeer", "router", "password not specified in the secret \"metallb-system\"/\"bgp-auth\"");
    }

    [Fact]
    public void Parse_PasswordSecretWithNewline_Rejected()
    {
        var resources = With(Peer() with { PasswordSecretName = "bgp-auth" }) with { Secrets = [Secret("bgp-auth", password: "x\n")] };
        Error(resources, "BGPPeer", "router", "password secret for peer \"metallb-system\"/\"router\" contains invalid characters");
    }

    [Fact]
    public void Parse_BfdProfileMissing_TransientError()
    {
        var d = Error(With(Peer() with { BfdProfile = "fast" }), "BGPPeer", "router", "peer router referencing non existing bfd profile fast");
        Assert.True(d.IsTransient);
    }

    [Fact]
    public void Parse_BfdProfilePresent_KeptWithoutDiagnostics()
    {
        var resources = With(Peer() with { BfdProfile = "fast" }) with { BfdProfiles = [new BfdProfileResource { Name = "fast" }] };
        var result = MetalLbConfigurationParser.Parse(resources);
        Assert.Empty(result.Diagnostics);
        Assert.Equal("fast", result.Configuration!.Peers["router"].BfdProfile);
    }

    [Fact]
    public void Parse_DisableMP_AcceptedWithWarning()
    {
        // MetalLB: deprecated, no effect.
        var resources = With(Peer() with { DisableMP = true });
        Assert.True(Valid(resources).Peers.ContainsKey("router"));
        var w = Warning(resources, "BGPPeer", "router", "spec.disableMP is accepted but ignored by Ingot");
        Assert.Equal(DiagnosticSeverity.Warning, w.Severity);
    }

    [Theory]
    [InlineData("internal")]
    [InlineData("external")]
    public void Parse_DynamicAsn_KeptWithoutDiagnostics(string kind)
    {
        var resources = With(Peer() with { PeerAsn = null, DynamicAsn = kind });
        Assert.Equal(kind, Valid(resources).Peers["router"].DynamicAsn);
        Assert.Empty(MetalLbConfigurationParser.Parse(resources).Diagnostics);
    }

    [Fact]
    public void Parse_Interface_KeptWithAWarningThatThePeerGetsNoSession()
    {
        var resources = With(Peer() with { PeerAddress = null, Interface = "eth1" });
        Assert.Equal("eth1", Valid(resources).Peers["router"].Interface);
        var w = Warning(resources, "BGPPeer", "router", "spec.interface: this peer gets no session: Ingot does not peer unnumbered (over eth1's IPv6 link-local address) yet");
        Assert.Equal(DiagnosticSeverity.Warning, w.Severity);
    }

    [Fact]
    public void Parse_Vrf_KeptWithoutDiagnostics()
    {
        var resources = With(Peer() with { Vrf = "red" });
        Assert.Equal("red", Valid(resources).Peers["router"].Vrf);
        Assert.Empty(MetalLbConfigurationParser.Parse(resources).Diagnostics);
    }

    [Fact]
    public void Parse_LocalAsn_KeptWithoutDiagnostics()
    {
        var resources = With(Peer() with { LocalAsn = 4200000100 });
        Assert.Equal(4200000100u, Valid(resources).Peers["router"].LocalAsn);
        Assert.Empty(MetalLbConfigurationParser.Parse(resources).Diagnostics);
    }

    [Fact]
    public void Parse_DynamicAsnInternal_IsInternal()
        => Assert.True(Valid(With(Peer() with { PeerAsn = null, DynamicAsn = "internal" })).Peers["router"].IsInternal);

    [Fact]
    public void Parse_SameConfigDifferentName_Rejected()
        => Error(With(Peer("a"), Peer("b")), "BGPPeer", "b", "peer b already exists (same configuration as a)");

    [Fact]
    public void Parse_SameAddressDifferentNodes_Accepted()
    {
        var config = Valid(With(
            Peer("a") with { NodeSelectors = [new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("rack", "1") }] },
            Peer("b") with { NodeSelectors = [new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add("rack", "2") }] }));
        Assert.Equal(2, config.Peers.Count);
    }

    [Fact]
    public void Parse_DuplicateName_Rejected()
        => Error(With(Peer(), Peer() with { PeerAddress = "192.0.2.2" }), "BGPPeer", "router", "duplicate definition of BGPPeer \"router\"");

    [Fact]
    public void Parse_V1Beta1_AbsentTimersBecomeZero()
    {
        var resources = With(Peer() with { ApiVersion = "v1beta1" });
        var peer = Valid(resources).Peers["router"];
        Assert.Equal(TimeSpan.Zero, peer.HoldTime);
        Assert.Equal(TimeSpan.Zero, peer.KeepaliveTime);
        Assert.Equal(179, peer.PeerPort);
        Warning(resources, "BGPPeer", "router", "spec.holdTime is not set: BGPPeer v1beta1 converts it to 0s");
    }

    [Fact]
    public void Parse_V1Beta1_KeepaliveOnly_RejectedAgainstConvertedZeroHold()
        => Error(With(Peer() with { ApiVersion = "v1beta1", KeepaliveTime = "10s" }), "BGPPeer", "router",
            "invalid BGPPeer timers: invalid keepaliveTime \"10s\", must be lower than holdTime \"0s\"");

    [Fact]
    public void Parse_V1Beta1_HoldSet_NoWarning()
        => Assert.Empty(MetalLbConfigurationParser.Parse(With(Peer() with { ApiVersion = "v1beta1", HoldTime = "90s" })).Diagnostics);

    [Fact]
    public void Parse_V1Beta1FullApiVersion_TreatedAsV1Beta1()
        => Assert.Equal(TimeSpan.Zero, Valid(With(Peer() with { ApiVersion = "metallb.io/v1beta1" })).Peers["router"].HoldTime);

    [Fact]
    public void Parse_V1Beta1_PortZeroAllowed()
        => Assert.Equal(179, Valid(With(Peer() with { ApiVersion = "v1beta1", PeerPort = 0 })).Peers["router"].PeerPort);

    [Theory]
    [InlineData("myASN")]
    [InlineData("peerASN")]
    [InlineData("peerAddress")]
    public void Parse_V1Beta1_RequiredFieldMissing_Rejected(string field)
    {
        var peer = field switch
        {
            "myASN" => Peer() with { ApiVersion = "v1beta1", MyAsn = null },
            "peerASN" => Peer() with { ApiVersion = "v1beta1", PeerAsn = null },
            _ => Peer() with { ApiVersion = "v1beta1", PeerAddress = null },
        };
        Error(With(peer), "BGPPeer", "router", $"spec.{field}: Required value (BGPPeer v1beta1)");
    }

    [Fact]
    public void Parse_V1Beta1_V1Beta2OnlyFieldDropped()
    {
        var resources = With(Peer() with { ApiVersion = "v1beta1", Vrf = "red", EnableGracefulRestart = true });
        var peer = Valid(resources).Peers["router"];
        Assert.Null(peer.Vrf);
        Assert.False(peer.EnableGracefulRestart);
        Warning(resources, "BGPPeer", "router", "spec.vrf is not a BGPPeer v1beta1 field and is ignored");
        Warning(resources, "BGPPeer", "router", "spec.enableGracefulRestart is not a BGPPeer v1beta1 field and is ignored");
    }

    [Fact]
    public void Parse_PeerOutsideNamespace_WarnedAndIgnored()
    {
        var resources = With(Peer() with { Namespace = "kube-system" });
        Warning(resources, "BGPPeer", "router", "resource must be created in metallb-system namespace");
        Assert.Empty(Valid(resources).Peers);
    }
}
