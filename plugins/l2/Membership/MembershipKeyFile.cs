using Ingot.Plugins.L2.Membership.Wire;

namespace Ingot.Plugins.L2.Membership;

/// <summary>Reads the shared secret named by <c>membership.keyFile</c>. In a cluster it is MetalLB's <c>memberlist</c>
/// Secret, key <c>secretkey</c>, mounted as a file: the mount holds the raw bytes (the base64 is only the Secret's API
/// encoding), so the file's bytes are the secret, less one trailing newline an editor or <c>echo</c> may have added.</summary>
internal static class MembershipKeyFile
{
    public static MembershipKey Load(string path)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new InvalidOperationException($"l2: setting '{MembershipOptions.KeyFileKey}': cannot read the key file '{path}': {e.Message}", e);
        }

        var length = bytes.Length;
        if (length > 0 && bytes[length - 1] == (byte)'\n')
        {
            length--;
            if (length > 0 && bytes[length - 1] == (byte)'\r')
            {
                length--;
            }
        }

        if (length < MembershipKey.MinimumSecretLength)
        {
            throw new InvalidOperationException(
                $"l2: setting '{MembershipOptions.KeyFileKey}': the key file '{path}' holds {length} bytes, at least {MembershipKey.MinimumSecretLength} are needed");
        }

        return new MembershipKey(bytes.AsSpan(0, length));
    }
}
