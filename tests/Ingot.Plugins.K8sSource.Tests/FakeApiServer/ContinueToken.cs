using System.Buffers.Text;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Ingot.Plugins.K8sSource.Tests.FakeApiServer;

/// <summary>
/// What a <c>continue</c> token stands for: the snapshot a paged list reads (its resourceVersion) and the key of the last
/// object already returned. The API server's own token carries the same two facts; clients must treat it as opaque, so it
/// is base64url JSON here too, and a client that parses or builds tokens would break against the fake as it would for real.
/// </summary>
/// <param name="ResourceVersion">The resourceVersion of the first page, which every later page reads at.</param>
/// <param name="After">The storage key (<c>namespace/name</c> or name) of the last object returned so far.</param>
public sealed record ContinueToken(long ResourceVersion, string After)
{
    /// <summary>The token's text for <c>metadata.continue</c>.</summary>
    public string Encode()
        => Base64Url.EncodeToString(Encoding.UTF8.GetBytes(new JsonObject { ["rv"] = ResourceVersion, ["start"] = After }.ToJsonString()));

    /// <summary>Reads a token the client sent back; false when it is not one this server wrote.</summary>
    public static bool TryDecode(string text, out ContinueToken token)
    {
        token = null!;
        try
        {
            var wire = JsonNode.Parse(Base64Url.DecodeFromChars(text)) as JsonObject;
            if (wire?["rv"] is not JsonValue rv || !rv.TryGetValue(out long resourceVersion) || resourceVersion <= 0
                || wire["start"] is not JsonValue start || !start.TryGetValue(out string? after))
            {
                return false;
            }

            token = new ContinueToken(resourceVersion, after);
            return true;
        }
        catch (Exception e) when (e is FormatException or JsonException)
        {
            return false;
        }
    }
}
