using System.Text.Json;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>Reads and writes <c>admission.k8s.io/v1</c> AdmissionReview bodies. A body that is not one is an error with a
/// message, never an exception that takes the server down.</summary>
internal static class AdmissionReviewCodec
{
    /// <summary>The API server refuses objects over 3 MiB, so a review (object and old object) fits in twice that.</summary>
    public const int MaxBodyBytes = 6 * 1024 * 1024;

    /// <summary>Deeper than any MetalLB object nests (spec, selectors, expressions, values: under 10 levels).</summary>
    public const int MaxDepth = 32;

    private static readonly JsonDocumentOptions s_options = new() { MaxDepth = MaxDepth };

    /// <summary>Reads a review. On failure <paramref name="error"/> says why, and <paramref name="uid"/> holds the request's
    /// uid when it could be read, for the response.</summary>
    public static bool TryRead(ReadOnlyMemory<byte> body, out AdmissionRequest? request, out string uid, out string? error)
    {
        request = null;
        uid = string.Empty;
        if (body.Length > MaxBodyBytes)
        {
            error = $"AdmissionReview: the body has {body.Length} bytes, more than the {MaxBodyBytes} Ingot reads";
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body, s_options);
        }
        catch (JsonException e)
        {
            error = "AdmissionReview: the body is not JSON within the limits (" + e.Message + ")";
            return false;
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || Text(root, "kind") != "AdmissionReview"
                || Text(root, "apiVersion") != "admission.k8s.io/v1")
            {
                error = "AdmissionReview: the body is not an admission.k8s.io/v1 AdmissionReview";
                return false;
            }

            if (!root.TryGetProperty("request", out var r) || r.ValueKind != JsonValueKind.Object)
            {
                error = "AdmissionReview: request is missing";
                return false;
            }

            uid = Text(r, "uid") ?? string.Empty;
            if (uid.Length == 0)
            {
                error = "AdmissionReview: request.uid is missing";
                return false;
            }

            var kind = r.TryGetProperty("kind", out var k) && k.ValueKind == JsonValueKind.Object ? k : default;
            var kindName = kind.ValueKind == JsonValueKind.Object ? Text(kind, "kind") : null;
            var version = kind.ValueKind == JsonValueKind.Object ? Text(kind, "version") : null;
            if (kindName is null || version is null)
            {
                error = "AdmissionReview: request.kind.kind and request.kind.version are required";
                return false;
            }

            AdmissionOperation? operation = Text(r, "operation") switch
            {
                "CREATE" => AdmissionOperation.Create,
                "UPDATE" => AdmissionOperation.Update,
                "DELETE" => AdmissionOperation.Delete,
                _ => null,
            };
            if (operation is null)
            {
                error = $"AdmissionReview: request.operation '{Text(r, "operation")}' is not CREATE, UPDATE or DELETE";
                return false;
            }

            JsonElement? obj = r.TryGetProperty("object", out var o) && o.ValueKind == JsonValueKind.Object ? o.Clone() : null;
            var name = Text(r, "name") is { Length: > 0 } n ? n
                : obj is { } element && element.TryGetProperty("metadata", out var m) && m.ValueKind == JsonValueKind.Object ? Text(m, "name") : null;
            if (string.IsNullOrEmpty(name))
            {
                error = "AdmissionReview: request.name is missing";
                return false;
            }

            request = new AdmissionRequest(uid, kindName, version, operation.Value, name, Text(r, "namespace"), obj);
            error = null;
            return true;
        }
    }

    /// <summary>The response review: the uid echoed, allowed, on refusal a 403 status with the message, and warnings.</summary>
    public static byte[] Write(string uid, AdmissionVerdict verdict)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("apiVersion", "admission.k8s.io/v1");
            json.WriteString("kind", "AdmissionReview");
            json.WriteStartObject("response");
            json.WriteString("uid", uid);
            json.WriteBoolean("allowed", verdict.Allowed);
            if (!verdict.Allowed)
            {
                json.WriteStartObject("status");
                json.WriteNumber("code", 403);
                json.WriteString("reason", "Forbidden");
                json.WriteString("message", verdict.Message ?? "refused");
                json.WriteEndObject();
            }

            if (verdict.Warnings.Count > 0)
            {
                json.WriteStartArray("warnings");
                foreach (var warning in verdict.Warnings)
                {
                    json.WriteStringValue(warning);
                }

                json.WriteEndArray();
            }

            json.WriteEndObject();
            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static string? Text(JsonElement obj, string property)
        => obj.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
