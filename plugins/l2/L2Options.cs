using System.Globalization;
using System.Text.RegularExpressions;
using Ingot.Plugins.L2.Membership;

namespace Ingot.Plugins.L2;

/// <summary>Settings of the l2 plugin.</summary>
internal sealed class L2Options
{
    /// <summary>Setting key: a regular expression of interface names never announced on by default.</summary>
    public const string ExcludeInterfacesKey = "excludeInterfaces";

    /// <summary>Setting key: seconds between periodic gratuitous refreshes; 0 or absent turns them off.</summary>
    public const string RefreshIntervalKey = "refreshInterval";

    /// <summary>Setting key: SCHED_FIFO priority (1-99) of the responder threads; 0 turns real-time scheduling off.</summary>
    public const string RealtimePriorityKey = "realtimePriority";

    /// <summary>Interface names matching this pattern are skipped unless an advertisement names them; null means MetalLB's
    /// default list.</summary>
    public string? ExcludeInterfaces { get; set; }

    /// <summary>Re-announce every address this often (keeps switch FDB and host caches fresh); zero turns it off.</summary>
    public TimeSpan RefreshInterval { get; set; }

    /// <summary>
    /// SCHED_FIFO priority of the capture threads (default 1, the lowest real-time priority; 0 = off). A userspace
    /// responder on a busy node otherwise waits for a CPU behind ordinary threads, which showed as a 2.7 ms p99 in the
    /// lab versus about 0.13 ms with it (bench/l2). Applied only with CAP_SYS_NICE; the thread sleeps in poll() between
    /// requests, and the kernel's real-time throttling bounds what a flood of requests can take.
    /// </summary>
    public int RealtimePriority { get; set; } = 1;

    /// <summary>The <c>membership.*</c> settings, parsed by <see cref="MembershipOptions.FromSettings"/>, their one home.</summary>
    public MembershipOptions Membership { get; set; } = MembershipOptions.FromSettings(new Dictionary<string, string>());

    /// <summary>Reads plugin settings, rejecting unknown keys and bad values with a message naming the setting.</summary>
    public static L2Options FromSettings(IReadOnlyDictionary<string, string> settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        var options = new L2Options();
        var membership = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (key, value) in settings)
        {
            if (key.StartsWith(MembershipOptions.Prefix, StringComparison.Ordinal))
            {
                membership[key] = value;
                continue;
            }

            switch (key)
            {
                case ExcludeInterfacesKey:
                    try
                    {
                        _ = new Regex(value, RegexOptions.None, TimeSpan.FromSeconds(1));
                    }
                    catch (ArgumentException e)
                    {
                        throw new ArgumentException($"l2: setting '{ExcludeInterfacesKey}': '{value}' is not a valid regular expression: {e.Message}", nameof(settings), e);
                    }

                    options.ExcludeInterfaces = value;
                    break;
                case RefreshIntervalKey:
                    if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
                        || seconds < 0 || double.IsNaN(seconds) || double.IsInfinity(seconds) || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
                    {
                        throw new ArgumentException($"l2: setting '{RefreshIntervalKey}': '{value}' is not a non-negative number of seconds", nameof(settings));
                    }

                    options.RefreshInterval = TimeSpan.FromSeconds(seconds);
                    break;
                case RealtimePriorityKey:
                    if (!int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var priority) || priority is < 0 or > 99)
                    {
                        throw new ArgumentException($"l2: setting '{RealtimePriorityKey}': '{value}' is not a priority from 0 (off) to 99", nameof(settings));
                    }

                    options.RealtimePriority = priority;
                    break;
                default:
                    throw new ArgumentException(
                        $"l2: unknown setting '{key}' (known: {ExcludeInterfacesKey}, {RefreshIntervalKey}, {RealtimePriorityKey}, {MembershipOptions.Prefix}*)", nameof(settings));
            }
        }

        options.Membership = MembershipOptions.FromSettings(membership);
        return options;
    }
}
