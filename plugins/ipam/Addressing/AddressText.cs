using System.Globalization;
using System.Net;

namespace Ingot.Plugins.Ipam.Addressing;

/// <summary>
/// Parses addresses the way Go's <c>net.ParseIP</c> does: dotted-quad IPv4 with four parts, or IPv6 without a zone. .NET's
/// parser also takes shorthand such as <c>10.1</c> or <c>1</c>, which Kubernetes and MetalLB reject.
/// </summary>
internal static class AddressText
{
    public static bool TryParse(string? text, out Address128 address)
    {
        address = default;
        if (string.IsNullOrEmpty(text) || text.Contains('%', StringComparison.Ordinal))
        {
            return false;
        }

        if (!text.Contains(':', StringComparison.Ordinal) && !IsDottedQuad(text))
        {
            return false;
        }

        if (!IPAddress.TryParse(text, out var parsed))
        {
            return false;
        }

        address = Address128.From(parsed);
        return true;
    }

    /// <summary>Formats addresses as Go's <c>%q</c> does for one value, quoted and space separated for several.</summary>
    public static string Quote(IEnumerable<Address128> addresses)
        => string.Join(" ", addresses.Select(a => "\"" + a + "\""));

    private static bool IsDottedQuad(ReadOnlySpan<char> text)
    {
        var parts = 0;
        foreach (var range in text.Split('.'))
        {
            var part = text[range];
            if (++parts > 4 || part.Length is 0 or > 3 || part.ContainsAnyExceptInRange('0', '9')
                || int.Parse(part, NumberStyles.None, CultureInfo.InvariantCulture) > 255)
            {
                return false;
            }
        }

        return parts == 4;
    }
}
