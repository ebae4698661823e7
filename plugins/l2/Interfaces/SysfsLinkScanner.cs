using System.Globalization;
using Ingot.Plugins.L2.Codec;

namespace Ingot.Plugins.L2.Interfaces;

/// <summary>
/// Reads interfaces from <c>/sys/class/net</c> (flags, MAC, index, bond/bridge master) and link-local addresses from
/// <c>/proc/net/if_inet6</c>: the same sources MetalLB's <c>updateInterfaces</c> uses, and both show the process's own
/// network namespace (<c>ip netns exec</c> remounts <c>/sys</c>).
/// </summary>
internal sealed class SysfsLinkScanner(string sysClassNet = "/sys/class/net", string procIfInet6 = "/proc/net/if_inet6") : ILinkScanner
{
    // include/uapi/linux/if.h
    private const int IffUp = 0x1;
    private const int IffBroadcast = 0x2;
    private const int IffNoArp = 0x80;

    public IReadOnlyList<LinkInfo> Scan()
    {
        var linkLocals = ReadLinkLocals();
        var links = new List<LinkInfo>();
        string[] names;
        try
        {
            names = Directory.GetDirectories(sysClassNet).Select(Path.GetFileName).OfType<string>().ToArray();
        }
        catch (IOException)
        {
            return links;
        }
        catch (UnauthorizedAccessException)
        {
            return links;
        }

        foreach (var name in names.Order(StringComparer.Ordinal))
        {
            var dir = Path.Combine(sysClassNet, name);
            var flags = ReadHex(Path.Combine(dir, "flags"));
            if (flags is null)
            {
                continue; // vanished while scanning
            }

            _ = MacAddress.TryParse(ReadText(Path.Combine(dir, "address")), out var mac);
            _ = int.TryParse(ReadText(Path.Combine(dir, "ifindex")), NumberStyles.Integer, CultureInfo.InvariantCulture, out var index);
            links.Add(new LinkInfo
            {
                Name = name,
                Index = index,
                Mac = mac,
                IsUp = (flags.Value & IffUp) != 0,
                IsBroadcast = (flags.Value & IffBroadcast) != 0,
                NoArp = (flags.Value & IffNoArp) != 0,
                HasMaster = Path.Exists(Path.Combine(dir, "master")),
                LinkLocal = linkLocals.TryGetValue(name, out var ll) ? ll : null,
            });
        }

        return links;
    }

    /// <summary>Lines of <c>/proc/net/if_inet6</c>: <c>address(32 hex) ifindex prefixlen scope flags name</c>; scope 0x20 is
    /// link-local.</summary>
    private Dictionary<string, UInt128> ReadLinkLocals()
    {
        var result = new Dictionary<string, UInt128>(StringComparer.Ordinal);
        var text = ReadText(procIfInet6);
        if (text is null)
        {
            return result;
        }

        foreach (var line in text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 6 && parts[3] == "20"
                && UInt128.TryParse(parts[0], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var address))
            {
                result.TryAdd(parts[5], address);
            }
        }

        return result;
    }

    private static int? ReadHex(string path)
    {
        var text = ReadText(path);
        if (text is null)
        {
            return null;
        }

        var span = text.AsSpan().Trim();
        if (span.StartsWith("0x", StringComparison.OrdinalIgnoreCase))
        {
            span = span[2..];
        }

        return int.TryParse(span, NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    private static string? ReadText(string path)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
