namespace Ingot.Plugins.Bgp.Codec.Tests;

internal static class Hex
{
    public const string Marker = "FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFF";

    public static byte[] Parse(string text) => Convert.FromHexString(text.Replace(" ", string.Empty, StringComparison.Ordinal));

    public static string Format(ReadOnlySpan<byte> bytes) => Convert.ToHexString(bytes);
}
