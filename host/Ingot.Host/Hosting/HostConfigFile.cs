using System.Text.Json;
using System.Text.Json.Serialization;
using Ingot.Host.Cli;

namespace Ingot.Host.Hosting;

/// <summary>
/// The optional host configuration file (<c>--host-config</c>):
/// <c>{"source":"…","ipam":"…","announcers":["…"],"plugins":{"&lt;name&gt;":{"key":"value"}}}</c>.
/// </summary>
internal sealed record HostConfigFile
{
    private static readonly JsonSerializerOptions s_options = new()
    {
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static HostConfigFile Empty { get; } = new();

    public string? Source { get; init; }

    public string? Ipam { get; init; }

    public IReadOnlyList<string>? Announcers { get; init; }

    public IReadOnlyDictionary<string, Dictionary<string, string>>? Plugins { get; init; }

    /// <summary>Reads the file; a missing or malformed file is invalid input (exit 1) with one line naming it.</summary>
    public static HostConfigFile Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            return JsonSerializer.Deserialize<HostConfigFile>(stream, s_options) ?? Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: cannot read the host configuration: {ex.Message}");
        }
        catch (JsonException ex)
        {
            throw new CliException(ExitCodes.InvalidInput, $"{path}: invalid host configuration: {ex.Message}");
        }
    }
}
