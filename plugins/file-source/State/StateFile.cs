using System.Collections.Immutable;
using System.Globalization;
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
/// {"version":2,"services":[{"namespace":"default","name":"web","addresses":["192.0.2.200"],"pool":"lab-ipv4"}],
///  "released":[{"namespace":"default","name":"old","addresses":["192.0.2.201"],"pool":"lab-ipv4","releasedAt":"2026-12-04T21:00:00+00:00"}]}
/// </code>
/// Version 1 files (written before addresses were remembered) have no "released" list and still load.
/// </remarks>
internal static class StateFile
{
    public const int FormatVersion = 2;

    /// <summary>The first format, without released assignments; read, never written.</summary>
    public const int FirstFormatVersion = 1;

    public static string TemporaryPath(string path) => path + ".tmp";

    /// <summary>Reads the file. A missing file is empty; a corrupt one is empty with <paramref name="error"/> set.</summary>
    public static StateContents Read(string path, out string? error)
    {
        error = null;
        byte[] bytes;
        try
        {
            if (!File.Exists(path))
            {
                return StateContents.Empty;
            }

            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            error = ex.Message;
            return StateContents.Empty;
        }

        try
        {
            return Deserialize(bytes);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException)
        {
            error = ex.Message;
            return StateContents.Empty;
        }
    }

    /// <summary>Replaces the file atomically and durably.</summary>
    public static void Write(string path, StateContents contents)
    {
        var temporary = WriteTemporary(path, Serialize(contents));
        Commit(temporary, path);
    }

    /// <summary>Replaces the file with assignments only (nothing remembered).</summary>
    public static void Write(string path, IReadOnlyDictionary<ServiceKey, StateEntry> entries)
        => Write(path, StateContents.Empty with { Assignments = entries.ToImmutableSortedDictionary() });

    /// <summary>Step one of <see cref="Write(string, StateContents)"/>: the new content, on disk, under the temporary name.</summary>
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

    /// <summary>Step two of <see cref="Write(string, StateContents)"/>: rename(2) over the old file, then sync the directory entry.</summary>
    public static void Commit(string temporary, string path)
    {
        File.Move(temporary, path, overwrite: true);
        NativeMethods.FsyncDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
    }

    public static byte[] Serialize(StateContents contents)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("version", FormatVersion);
            json.WriteStartArray("services");
            foreach (var (key, entry) in contents.Assignments)
            {
                json.WriteStartObject();
                WriteEntry(json, key, entry);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteStartArray("released");
            foreach (var (key, released) in contents.Released)
            {
                json.WriteStartObject();
                WriteEntry(json, key, released.Entry);
                json.WriteString("releasedAt", released.ReleasedAt.ToString("o", CultureInfo.InvariantCulture));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        return buffer.ToArray();
    }

    public static StateContents Deserialize(ReadOnlyMemory<byte> content)
    {
        using var document = JsonDocument.Parse(content);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("version", out var version)
            || version.ValueKind != JsonValueKind.Number || !root.TryGetProperty("services", out var services)
            || services.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException("not an Ingot state file: expected {\"version\": 2, \"services\": [...]}");
        }

        if (!version.TryGetInt32(out var number) || number is not (FirstFormatVersion or FormatVersion))
        {
            throw new FormatException($"state file version {version.GetRawText()} is not supported (expected {FirstFormatVersion} or {FormatVersion})");
        }

        var assignments = ImmutableSortedDictionary.CreateBuilder<ServiceKey, StateEntry>();
        var index = 0;
        foreach (var item in services.EnumerateArray())
        {
            var (key, entry) = ReadEntry(item, "services", index);
            assignments[key] = entry;
            index++;
        }

        var released = ImmutableSortedDictionary.CreateBuilder<ServiceKey, ReleasedEntry>();
        if (number >= FormatVersion && root.TryGetProperty("released", out var list))
        {
            if (list.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException("released: expected a list");
            }

            index = 0;
            foreach (var item in list.EnumerateArray())
            {
                var (key, entry) = ReadEntry(item, "released", index);
                if (!item.TryGetProperty("releasedAt", out var at) || at.ValueKind != JsonValueKind.String
                    || !DateTimeOffset.TryParse(at.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var releasedAt))
                {
                    throw new FormatException($"released[{index}].releasedAt: expected a date and time (ISO 8601)");
                }

                released[key] = new ReleasedEntry(entry, releasedAt);
                index++;
            }
        }

        return new StateContents(assignments.ToImmutable(), released.ToImmutable());
    }

    private static void WriteEntry(Utf8JsonWriter json, ServiceKey key, StateEntry entry)
    {
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
    }

    private static (ServiceKey Key, StateEntry Entry) ReadEntry(JsonElement item, string list, int index)
    {
        var ns = Text(item, list, "namespace", index);
        var name = Text(item, list, "name", index);
        if (!item.TryGetProperty("addresses", out var addresses) || addresses.ValueKind != JsonValueKind.Array)
        {
            throw new FormatException($"{list}[{index}].addresses: expected a list");
        }

        var parsed = new List<IPAddress>();
        foreach (var a in addresses.EnumerateArray())
        {
            if (a.ValueKind != JsonValueKind.String || !IPAddress.TryParse(a.GetString(), out var ip))
            {
                throw new FormatException($"{list}[{index}].addresses: {a.GetRawText()} is not an IP address");
            }

            parsed.Add(ip);
        }

        string? pool = null;
        if (item.TryGetProperty("pool", out var p) && p.ValueKind == JsonValueKind.String)
        {
            pool = p.GetString();
        }

        return (new ServiceKey(ns, name), new StateEntry(parsed, pool));
    }

    private static string Text(JsonElement item, string list, string property, int index)
    {
        if (item.ValueKind != JsonValueKind.Object || !item.TryGetProperty(property, out var value)
            || value.ValueKind != JsonValueKind.String || string.IsNullOrEmpty(value.GetString()))
        {
            throw new FormatException($"{list}[{index}].{property}: expected a non-empty string");
        }

        return value.GetString()!;
    }
}
