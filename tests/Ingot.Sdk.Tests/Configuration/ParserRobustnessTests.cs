using System.Collections.Immutable;
using Ingot.Sdk.Cluster;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Tests;

/// <summary>
/// Garbage in never crashes the parser: resources built from random fragments (fixed seed, so deterministic) either
/// parse or come back with errors, and the result is consistent either way.
/// </summary>
public class ParserRobustnessTests
{
    private static readonly string[] s_addressFragments =
    [
        "192.0.2.0/24", "192.0.2.7/31", "198.51.100.1-198.51.100.9", "2001:db8::/120", "2001:db8::5-2001:db8::50", "-", "/", "1.2.3",
        "192.0.2.300/24", "::/0", "0.0.0.0/0", "", " ", "a-b", "203.0.113.9 - 203.0.113.1", "203.0.113.0/33", "2001:db8::/200",
    ];

    private static readonly string[] s_textFragments =
    [
        "", "0", "1", "65535", "65536", "4294967296", ":", "large", "large:1:2:3", "1:2", "a", "-1", "90s", "1m", "0s", "x", "eth0",
        "192.0.2.1", "2001:db8::1", "internal", "external", "In", "Exists", "Bogus", "\n",
    ];

    private static string Pick(Random random, string[] from) => from[random.Next(from.Length)];

    private static string Text(Random random) => string.Concat(Enumerable.Range(0, random.Next(1, 4)).Select(_ => Pick(random, s_textFragments)));

    private static string? MaybeText(Random random) => random.Next(3) == 0 ? null : Text(random);

    private static long? MaybeNumber(Random random) => random.Next(4) switch
    {
        0 => null,
        1 => random.NextInt64(-5, 70000),
        2 => random.NextInt64(0, 5_000_000_000),
        _ => random.Next(0, 200),
    };

    private static LabelSelector Selector(Random random) => random.Next(3) switch
    {
        0 => LabelSelector.Everything,
        1 => new LabelSelector { MatchLabels = ImmutableDictionary<string, string>.Empty.Add(Text(random), Text(random)) },
        _ => new LabelSelector
        {
            MatchExpressions = [new LabelSelectorRequirement(Text(random), Pick(random, ["In", "NotIn", "Exists", "DoesNotExist", "Bogus"]), [.. Enumerable.Range(0, random.Next(3)).Select(_ => Text(random))])],
        },
    };

    private static List<T> Some<T>(Random random, int max, Func<T> make) => [.. Enumerable.Range(0, random.Next(max + 1)).Select(_ => make())];

    private static ConfigurationResources RandomResources(Random random)
    {
        string Name() => Pick(random, ["a", "b", "c", "d"]);
        string? Ns() => random.Next(6) == 0 ? "elsewhere" : null;
        return new ConfigurationResources
        {
            Pools = Some(random, 4, () => new IPAddressPoolResource
            {
                Name = Name(),
                Namespace = Ns(),
                Addresses = Some(random, 3, () => Pick(random, s_addressFragments)),
                AvoidBuggyIPs = random.Next(2) == 0,
                ServiceAllocation = random.Next(2) == 0 ? null : new ServiceAllocationSpec
                {
                    Priority = MaybeNumber(random) ?? 0,
                    Namespaces = Some(random, 2, () => Name()),
                    NamespaceSelectors = Some(random, 2, () => Selector(random)),
                    ServiceSelectors = Some(random, 2, () => Selector(random)),
                },
            }),
            L2Advertisements = Some(random, 3, () => new L2AdvertisementResource
            {
                Name = Name(),
                Namespace = Ns(),
                IPAddressPools = Some(random, 2, () => Name()),
                IPAddressPoolSelectors = Some(random, 2, () => Selector(random)),
                NodeSelectors = Some(random, 2, () => Selector(random)),
                PreferredNodeSelectors = Some(random, 2, () => new PreferredNodeSelectorSpec(random.Next(-1, 102), Selector(random))),
            }),
            BgpAdvertisements = Some(random, 3, () => new BgpAdvertisementResource
            {
                Name = Name(),
                Namespace = Ns(),
                AggregationLength = random.Next(2) == 0 ? null : random.Next(-1, 34),
                AggregationLengthV6 = random.Next(2) == 0 ? null : random.Next(-1, 130),
                LocalPref = random.Next(3),
                Communities = Some(random, 3, () => Text(random)),
                IPAddressPools = Some(random, 2, () => Name()),
                NodeSelectors = Some(random, 2, () => Selector(random)),
                Peers = Some(random, 2, () => Name()),
                ServiceSelectors = Some(random, 1, () => Selector(random)),
            }),
            Peers = Some(random, 3, () => new BgpPeerResource
            {
                Name = Name(),
                Namespace = Ns(),
                ApiVersion = random.Next(3) == 0 ? "v1beta1" : "v1beta2",
                MyAsn = MaybeNumber(random),
                PeerAsn = MaybeNumber(random),
                DynamicAsn = random.Next(4) == 0 ? Text(random) : null,
                LocalAsn = random.Next(4) == 0 ? MaybeNumber(random) : null,
                PeerAddress = MaybeText(random),
                Interface = random.Next(4) == 0 ? Text(random) : null,
                SourceAddress = random.Next(4) == 0 ? Text(random) : null,
                PeerPort = MaybeNumber(random),
                HoldTime = MaybeText(random),
                KeepaliveTime = MaybeText(random),
                ConnectTime = random.Next(4) == 0 ? Text(random) : null,
                RouterId = random.Next(4) == 0 ? Text(random) : null,
                Password = random.Next(4) == 0 ? Text(random) : null,
                PasswordSecretName = random.Next(4) == 0 ? Name() : null,
                BfdProfile = random.Next(4) == 0 ? Name() : null,
                EbgpMultiHop = random.Next(2) == 0,
                NodeSelectors = Some(random, 2, () => Selector(random)),
            }),
            Communities = Some(random, 2, () => new CommunityResource
            {
                Name = Name(),
                Communities = Some(random, 2, () => new CommunityAliasSpec(Name(), Text(random))),
            }),
            BfdProfiles = Some(random, 2, () => new BfdProfileResource
            {
                Name = Name(),
                DetectMultiplier = MaybeNumber(random),
                ReceiveInterval = MaybeNumber(random),
                EchoMode = random.Next(2) == 0,
            }),
            Secrets = Some(random, 2, () => new SecretResource
            {
                Name = Name(),
                Type = random.Next(2) == 0 ? "kubernetes.io/basic-auth" : "Opaque",
                Data = random.Next(2) == 0 ? ImmutableDictionary<string, string>.Empty : ImmutableDictionary<string, string>.Empty.Add("password", Text(random)),
            }),
            Nodes = Some(random, 3, () => new NodeInfo { Name = Name(), Labels = ImmutableDictionary<string, string>.Empty.Add("k", Text(random)) }),
            Namespaces = Some(random, 3, () => new NamespaceInfo { Name = Name() }),
        };
    }

    [Fact]
    public void Parse_RandomResources_NeverThrowsAndResultConsistent()
    {
        var random = new Random(20261127);
        var valid = 0;
        for (var i = 0; i < 1000; i++)
        {
            var result = MetalLbConfigurationParser.Parse(RandomResources(random));
            Assert.Equal(result.IsValid, !result.Errors.Any());
            Assert.All(result.Diagnostics, d => Assert.False(string.IsNullOrEmpty(d.Message)));
            if (result.IsValid)
            {
                valid++;
                Assert.All(result.Configuration!.Pools.Values, p => Assert.NotEmpty(p.Cidrs));
            }
        }

        // Both outcomes occur, so the generator exercises accepted paths as well as rejections.
        Assert.InRange(valid, 1, 999);
    }
}
