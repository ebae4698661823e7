using System.Security.Cryptography;
using System.Text;

namespace Ingot.Plugins.L2.Membership.Wire;

/// <summary>The HMAC key, derived from the shared secret with HKDF-SHA256 so the secret itself (shared with MetalLB's
/// memberlist in a cluster) is never used raw for a second protocol.</summary>
internal sealed class MembershipKey
{
    /// <summary>Shorter secrets are refused: a 16-byte key is the least HMAC-SHA256-128 deserves.</summary>
    public const int MinimumSecretLength = 16;

    private static readonly byte[] Info = Encoding.ASCII.GetBytes("ingot-membership-v1");
    private readonly byte[] _key;

    public MembershipKey(ReadOnlySpan<byte> secret)
    {
        if (secret.Length < MinimumSecretLength)
        {
            throw new ArgumentException($"the membership key has {secret.Length} bytes, at least {MinimumSecretLength} are needed", nameof(secret));
        }

        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, secret.ToArray(), 32, salt: [], info: Info);
    }

    /// <summary>Writes the 128-bit truncated HMAC-SHA256 of <paramref name="data"/> into <paramref name="mac"/>.</summary>
    public void Sign(ReadOnlySpan<byte> data, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[32];
        HMACSHA256.HashData(_key, data, full);
        full[..MembershipCodec.MacLength].CopyTo(mac);
    }

    public bool Verify(ReadOnlySpan<byte> data, ReadOnlySpan<byte> mac)
    {
        Span<byte> expected = stackalloc byte[MembershipCodec.MacLength];
        Sign(data, expected);
        return CryptographicOperations.FixedTimeEquals(expected, mac);
    }
}
