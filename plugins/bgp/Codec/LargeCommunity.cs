using System.Globalization;

namespace Ingot.Plugins.Bgp.Codec;

/// <summary>A large community (RFC 8092 §3): global administrator and two local data parts.</summary>
internal readonly record struct LargeCommunity(uint GlobalAdministrator, uint LocalData1, uint LocalData2)
{
    public override string ToString()
        => string.Create(CultureInfo.InvariantCulture, $"{GlobalAdministrator}:{LocalData1}:{LocalData2}");
}
