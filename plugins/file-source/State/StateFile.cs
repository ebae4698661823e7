using System.Collections.Immutable;
using System.Net;
using System.Text.Json;
using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.FileSource.State;

/// <summary>
/// The file that keeps assignments across restarts. It is replaced atomically: the new content goes to a temporary file in
/// the same directory, is flushed to disk, renamed over the old file, and the directory is synced. A process killed at any
/// instant leaves either the old file or the new one, never a mix.
/// </summary>
/// <remarks>
/// <code>
/// {"version":1,"services":[{"namespace":"default","name":"web","addresses":["192.0.2.200"],"pool":"lab-ipv4"}]}
/// </code>
/// </remarks>
internal static class StateFile
{
    public const int FormatVersion = 1;

    public static string TemporaryPath(string path) => path + ".tmp";

    /// <summary>Reads the file. A missing file is empty; a corrupt one is empty with <paramref name="error"/> set.</summary>
    public static ImmutableSortedDictionary<ServiceKey, StateEntry> Read(string path, out string? error)
    {
        error = null;
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return ImmutableSortedDictionary<ServiceKey, StateEntry>.Empty;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = ex.Message;
            return ImmutableSortedDictionary<ServiceKey, StateEntry>.Empty;
        }

        try
        {
            return Deserialize(bytes);
        }
        catch (Exception ex) when (ex is JsonException or FormatException)
        {
            error = ex.Message;
            return ImmutableSortedDictionary<ServiceKey, StateEntry>.Empty;
        }
    }

    /// <summary>Replaces the file atomically and durably.</summary>
    public static void Write(string path, IReadOnlyDictionary<ServiceKey, StateEntry> entries)
    {
        var temporary = WriteTemporary(path, Serialize(entries));
        Commit(temporary, path);
    }

    /// <summary>Step one of <see cref="Write"/>: the new content, on disk, under the temporary name.</summary>
    public static string WriteTemporary(string path, ReadOnlySpan<byte> content)
    {
        var directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        Directory.CreateDirectory(directory);
        var temporary = TemporaryPath(path);
        using (var stream = new FileStream(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            stream.Write(content);
            stream.Flush(flushToDisk: true);
        }

        return temporary;
    }

    /// <summary>Step two of <see cref="Write"/>: rename(2) over the old file, then sync the directory entry.</summary>
    public static void Commit(string temporary, string path)
    {
        File.Move(temporary, path, overwrite: true);
        NativeMethods.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static byte[] Serialize(IReadOnlyDictionary<ServiceKey, StateEntry> entries)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteStartArray("services");
            foreach (var (key, entry) in entries.OrderBy(e => e.Key))
            {
                json.WriteStartObject();
                json.WriteString("namespace", key.Namespace);
                json.WriteString("name", key.Name);
                json.WriteStartArray("addresses");
                foreach (var address in entry.Addresses)
                {
                    json.WriteStringValue(address.ToString());
                }

                json.WriteEndArray();
                if (entry.Pool is null)
                {
                    json.WriteNull("pool");
                }
                else
                {
                    json.WriteString("pool", entry.Pool);
                }

                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static ImmutableSortedDictionary<ServiceKey, StateEntry> Deserialize(ReadOnlyMemory<byte> content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version)
            || version.ValueKind != JsonValueKind.Number || !root.TryGetProperty("services", out var services)
            || services.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("not an Ingot state file: expected {\"version\": 1, \"services\": [...]}");
        }

        if (version.GetInt32() != FormatVersion)
        {
            throw new FormatException($"state file version {version.GetInt32()} is not supported (expected {FormatVersion})");
        }

        var builder = ImmutableSortedDictionary.CreateBuilder<ServiceKey, StateEntry>();
        var index = 0;
        foreach (var item in services.EnumerateArray())
        {
            var ns = Text(item, "namespace", index);
            var name = Text(item, "name", index);
            if (!item.TryGetProperty("addresses", out var addresses) || addresses.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"services[{index}].addresses: expected a list");
            }

            var list = new List<IPAddress>();
            foreach (var a in addresses.EnumerateArray())
            {
                if (a.ValueKind != JsonValueKind.String || !IPAddress.TryParse(a.GetString(), out var ip))
                {
                    throw new FormatException($"services[{index}].addresses: {a.GetRawText()} is not an IP address");
                }

                list.Add(ip);
            }

            string? pool = null;
            if (item.TryGetProperty("pool", out var p) && p.ValueKind == JsonValueKind.String)
            {
                pool = p.GetString();
            }

            builder[new ServiceKey(ns, name)] = new StateEntry(list, pool);
            index++;
        }

        return builder.ToImmutable();
    }

    private static string Text(JsonElement item, string property, int index)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(property, out var value)
            || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
        {
            throw new FormatException($"services[{index}].{property}: expected a non-empty string");
        }

        return value.GetString()!;
    }
}
