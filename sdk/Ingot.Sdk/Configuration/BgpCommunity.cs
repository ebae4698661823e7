using System.Globalization;

namespace Ingot.Sdk.Configuration;

/// <summary>
/// A BGP community: standard (RFC 1997, <c>A:B</c>, held as <c>A&lt;&lt;16|B</c> in <see cref="GlobalAdministrator"/>) or
/// large (RFC 8092, <c>large:A:B:C</c>). Orders as MetalLB does: standard compares as <c>(value, 0, 0)</c>.
/// </summary>
public readonly record struct BgpCommunity : IComparable<BgpCommunity>
{
    private BgpCommunity(bool isLarge, uint globalAdministrator, uint localData1, uint localData2)
    {
        IsLarge = isLarge;
        GlobalAdministrator = globalAdministrator;
        LocalData1 = localData1;
        LocalData2 = localData2;
    }

    /// <summary>True for a large community.</summary>
    public bool IsLarge { get; }

    /// <summary>The 32-bit value of a standard community, or a large community's global administrator.</summary>
    public uint GlobalAdministrator { get; }

    /// <summary>A large community's first local data part (0 for standard).</summary>
    public uint LocalData1 { get; }

    /// <summary>A large community's second local data part (0 for standard).</summary>
    public uint LocalData2 { get; }

    /// <summary>Creates a standard community <c>asn:value</c>.</summary>
    /// <param name="asn">The upper 16 bits.</param>
    /// <param name="value">The lower 16 bits.</param>
    /// <returns>The community.</returns>
    public static BgpCommunity Standard(ushort asn, ushort value) => new(false, ((uint)asn << 16) | value, 0, 0);

    /// <summary>Creates a large community.</summary>
    /// <param name="globalAdministrator">The global administrator.</param>
    /// <param name="localData1">Local data part 1.</param>
    /// <param name="localData2">Local data part 2.</param>
    /// <returns>The community.</returns>
    public static BgpCommunity Large(uint globalAdministrator, uint localData1, uint localData2)
        => new(true, globalAdministrator, localData1, localData2);

    /// <summary>Parses <c>A:B</c> (two 16-bit decimals) or <c>large:A:B:C</c> (three 32-bit decimals).</summary>
    /// <param name="text">The text.</param>
    /// <param name="community">The community, when the text parses.</param>
    /// <param name="error">Why it does not, in MetalLB's terms.</param>
    /// <returns>True when it parses.</returns>
    public static bool TryParse(string text, out BgpCommunity community, out string? error)
    {
        ArgumentNullException.ThrowIfNull(text);
        community = default;
        error = null;
        if (text.StartsWith("large:", StringComparison.Ordinal))
        {
            var parts = text["large:".Length..].Split(':');
            if (parts.Length != 3)
            {
                error = $"invalid large community format \"{text}\", expected large:A:B:C";
                return false;
            }

            if (!uint.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var a)
                || !uint.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var b)
                || !uint.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var c))
            {
                error = $"invalid large community value \"{text}\": each part must be a 32-bit unsigned number";
                return false;
            }

            community = Large(a, b, c);
            return true;
        }

        var fields = text.Split(':');
        if (fields.Length != 2)
        {
            error = $"invalid community format \"{text}\", expected A:B or large:A:B:C";
            return false;
        }

        if (!ushort.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var asn)
            || !ushort.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
        {
            error = $"invalid community value \"{text}\": both parts must be 16-bit unsigned numbers";
            return false;
        }

        community = Standard(asn, value);
        return true;
    }

    /// <inheritdoc />
    public int CompareTo(BgpCommunity other)
    {
        var c = GlobalAdministrator.CompareTo(other.GlobalAdministrator);
        if (c != 0)
        {
            return c;
        }

        c = LocalData1.CompareTo(other.LocalData1);
        return c != 0 ? c : LocalData2.CompareTo(other.LocalData2);
    }

    /// <summary><c>A:B</c> or <c>large:A:B:C</c>.</summary>
    public override string ToString() => IsLarge
        ? string.Create(CultureInfo.InvariantCulture, $"large:{GlobalAdministrator}:{LocalData1}:{LocalData2}")
        : string.Create(CultureInfo.InvariantCulture, $"{GlobalAdministrator >> 16}:{GlobalAdministrator & 0xFFFF}");

    /// <summary>Less than, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <(BgpCommunity left, BgpCommunity right) => left.CompareTo(right) < 0;

    /// <summary>Less than or equal, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator <=(BgpCommunity left, BgpCommunity right) => left.CompareTo(right) <= 0;

    /// <summary>Greater than, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >(BgpCommunity left, BgpCommunity right) => left.CompareTo(right) > 0;

    /// <summary>Greater than or equal, by <see cref="CompareTo"/>.</summary>
    /// <param name="left">Left operand.</param>
    /// <param name="right">Right operand.</param>
    /// <returns>The comparison.</returns>
    public static bool operator >=(BgpCommunity left, BgpCommunity right) => left.CompareTo(right) >= 0;
}
