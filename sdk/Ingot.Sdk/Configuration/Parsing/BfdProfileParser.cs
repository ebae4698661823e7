using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>BFDProfiles (MetalLB <c>bfdProfileFromCR</c>). Echo mode is kept with a warning saying what runs instead:
/// Ingot runs BFD in asynchronous mode only.</summary>
internal static class BfdProfileParser
{
    public static Dictionary<string, BfdProfile> Parse(ParseContext context)
    {
        var result = new Dictionary<string, BfdProfile>(StringComparer.Ordinal);
        foreach (var resource in context.InScope(context.Resources.BfdProfiles))
        {
            var profile = ParseOne(context, resource);
            if (profile is null)
            {
                continue;
            }

            if (!result.TryAdd(profile.Name, profile))
            {
                context.Diagnostics.Error(resource, $"found duplicate bfd profile name {profile.Name}");
                continue;
            }

            if (profile.EchoMode)
            {
                // Why not (docs/bgp-peer-fields.md): an echo packet is addressed to ourselves and must leave through a raw
                // link-layer socket to the peer's MAC for the peer's forwarding to loop it back (RFC 5881 §4).
                context.Diagnostics.Warning(
                    resource,
                    "spec.echoMode: Ingot does not send BFD echo packets; peers using this profile run BFD in asynchronous "
                    + "mode, failures detected from control packets at its transmit/receive intervals (RFC 5880 §6.4)");
            }
        }

        return result;
    }

    private static BfdProfile? ParseOne(ParseContext context, BfdProfileResource resource)
    {
        if (string.IsNullOrEmpty(resource.Name))
        {
            context.Diagnostics.Error(resource, "missing bfd profile name");
            return null;
        }

        var problem = Range(resource.DetectMultiplier, 2, 255, "detect multiplier")
            ?? Range(resource.ReceiveInterval, 10, 60000, "receive interval")
            ?? Range(resource.TransmitInterval, 10, 60000, "transmit interval")
            ?? Range(resource.MinimumTtl, 1, 254, "minimum ttl")
            ?? Range(resource.EchoInterval, 10, 60000, "echo interval");
        if (problem is not null)
        {
            context.Diagnostics.Error(resource, problem);
            return null;
        }

        return new BfdProfile
        {
            Name = resource.Name,
            DetectMultiplier = (uint?)resource.DetectMultiplier,
            ReceiveInterval = (uint?)resource.ReceiveInterval,
            TransmitInterval = (uint?)resource.TransmitInterval,
            MinimumTtl = (uint?)resource.MinimumTtl,
            EchoInterval = (uint?)resource.EchoInterval,
            EchoMode = resource.EchoMode ?? false,
            PassiveMode = resource.PassiveMode ?? false,
        };
    }

    private static string? Range(long? value, long min, long max, string what)
        => value is { } v && (v < min || v > max)
            ? $"invalid {what} value: invalid value {v}, must be in {min}-{max} range"
            : null;
}
