using System.Globalization;

namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>
/// Community text as MetalLB's <c>community.New</c> reads it: split on <c>:</c>; two fields are a standard community
/// (RFC 1997, two 16-bit decimals), four fields <c>large:A:B:C</c> a large one (RFC 8092, three 32-bit decimals). A bad
/// number is <see cref="CommunityTextError.Value"/>; any other field count is <see cref="CommunityTextError.Format"/>,
/// which in an advertisement may be an alias that does not exist yet.
/// </summary>
internal static class CommunityText
{
    private const string LargeMarker = "large";

    public static CommunityTextError TryParse(string text, out BgpCommunity community, out string message)
    {
        community = default;
        message = string.Empty;
        text ??= string.Empty;
        var fields = text.Split(':');
        switch (fields.Length)
        {
            case 2:
                if (!TryField(fields[0], ushort.MaxValue, out var upper, text, out message)
                    || !TryField(fields[1], ushort.MaxValue, out var lower, text, out message))
                {
                    return CommunityTextError.Value;
                }

                community = BgpCommunity.Standard((ushort)upper, (ushort)lower);
                return CommunityTextError.None;
            case 4:
                if (fields[0] != LargeMarker)
                {
                    message = "invalid community value: invalid marker for large community, expected community to be of "
                        + $"format {LargeMarker}:<uint32>:<uint32>:<uint32> but got \"{text}\" instead";
                    return CommunityTextError.Value;
                }

                if (!TryField(fields[1], uint.MaxValue, out var ga, text, out message)
                    || !TryField(fields[2], uint.MaxValue, out var ld1, text, out message)
                    || !TryField(fields[3], uint.MaxValue, out var ld2, text, out message))
                {
                    return CommunityTextError.Value;
                }

                community = BgpCommunity.Large(ga, ld1, ld2);
                return CommunityTextError.None;
            default:
                message = $"invalid community format: {text}";
                return CommunityTextError.Format;
        }
    }

    private static bool TryField(string field, uint max, out uint value, string text, out string message)
    {
        if (uint.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value <= max)
        {
            message = string.Empty;
            return true;
        }

        message = $"invalid community value: invalid section \"{field}\" of community \"{text}\"";
        return false;
    }
}
