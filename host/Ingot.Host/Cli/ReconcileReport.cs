using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Ingot.Host.Cli;

/// <summary>
/// The result of <c>ingot reconcile</c> in the JSON shape of docs/architecture.md's CLI contract (or a table): Services in the allocator's processing
/// order, each with its addresses, pool, error, and every announcer's announcements and skips for it.
/// </summary>
internal sealed class ReconcileReport
{
    private static readonly JsonSerializerOptions s_json = new() { WriteIndented = true };

    private readonly AllocationResult _allocation;
    private readonly IReadOnlyList<AnnouncementPlan> _plans;
    private readonly IReadOnlyList<string> _errors;

    public ReconcileReport(AllocationResult allocation, IReadOnlyList<AnnouncementPlan> plans, IReadOnlyList<string> errors)
    {
        _allocation = allocation;
        _plans = plans;
        _errors = errors;
    }

    public string ToJson() => ToJsonNode().ToJsonString(s_json);

    public JsonObject ToJsonNode()
    {
        var services = new JsonArray();
        foreach (var assignment in _allocation.Assignments)
        {
            var announcements = new JsonArray();
            var skipped = new JsonArray();
            foreach (var (announcement, _) in AnnouncementsOf(assignment.Service))
            {
                announcements.Add(Announcement(announcement));
            }

            foreach (var skip in SkipsOf(assignment.Service))
            {
                skipped.Add(new JsonObject
                {
                    ["protocol"] = skip.Protocol,
                    ["node"] = skip.Node,
                    ["reason"] = skip.Reason,
                });
            }

            var service = new JsonObject
            {
                ["namespace"] = assignment.Service.Namespace,
                ["name"] = assignment.Service.Name,
                ["addresses"] = new JsonArray([.. assignment.Addresses.Select(a => (JsonNode)JsonValue.Create(a.ToString()))]),
                ["pool"] = assignment.Pool,
                ["error"] = assignment.Error,
                ["announcements"] = announcements,
            };

            // Present only when some node does not announce and says why.
            if (skipped.Count > 0)
            {
                service["skipped"] = skipped;
            }

            services.Add(service);
        }

        return new JsonObject
        {
            ["services"] = services,
            ["errors"] = new JsonArray([.. _errors.Select(e => (JsonNode)JsonValue.Create(e))]),
        };
    }

    public string ToTable()
    {
        var sb = new StringBuilder();
        foreach (var assignment in _allocation.Assignments)
        {
            var addresses = assignment.Addresses.Count == 0 ? "-" : string.Join(",", assignment.Addresses);
            sb.Append(assignment.Service.ToString()).Append("  ").Append(addresses).Append("  pool=")
              .Append(assignment.Pool ?? "-");
            if (assignment.Error is not null)
            {
                sb.Append("  error: ").Append(assignment.Error);
            }

            sb.Append('\n');
            foreach (var (a, _) in AnnouncementsOf(assignment.Service))
            {
                sb.Append("    ").Append(a.Protocol).Append(" from ").Append(a.Node);
                if (a.Interfaces.Count > 0)
                {
                    sb.Append(" on ").Append(string.Join(",", a.Interfaces));
                }

                if (a.Peer is not null)
                {
                    sb.Append(" to ").Append(a.Peer).Append(' ').Append(a.Prefix);
                    if (a.LocalPref is { } lp)
                    {
                        sb.Append(" localPref=").Append(lp);
                    }

                    if (a.Communities.Count > 0)
                    {
                        sb.Append(" communities=").Append(string.Join(",", a.Communities));
                    }
                }

                sb.Append('\n');
            }

            foreach (var skip in SkipsOf(assignment.Service))
            {
                sb.Append("    ").Append(skip.Protocol).Append(" not from ").Append(skip.Node).Append(": ").Append(skip.Reason).Append('\n');
            }
        }

        foreach (var error in _errors)
        {
            sb.Append("error: ").Append(error).Append('\n');
        }

        return sb.ToString();
    }

    private IEnumerable<(Announcement Announcement, AnnouncementPlan Plan)> AnnouncementsOf(ServiceKey service)
        => _plans.SelectMany(p => p.Services.Where(s => s.Service == service).SelectMany(s => s.Announcements).Select(a => (a, p)));

    private IEnumerable<AnnouncementSkip> SkipsOf(ServiceKey service)
        => _plans.SelectMany(p => p.Services.Where(s => s.Service == service).SelectMany(s => s.Skipped));

    private static JsonObject Announcement(Announcement a)
    {
        var o = new JsonObject { ["protocol"] = a.Protocol, ["node"] = a.Node };
        switch (a.Protocol)
        {
            case "layer2":
                o["interfaces"] = Strings(a.Interfaces);
                break;
            case "bgp":
                o["peer"] = a.Peer;
                o["prefix"] = a.Prefix;
                o["localPref"] = a.LocalPref;
                o["communities"] = Strings(a.Communities);
                break;
            default:
                // A third-party protocol: everything the SDK record carries.
                o["addresses"] = Strings(a.Addresses.Select(x => x.ToString()));
                o["interfaces"] = Strings(a.Interfaces);
                o["peer"] = a.Peer;
                o["prefix"] = a.Prefix;
                o["localPref"] = a.LocalPref;
                o["communities"] = Strings(a.Communities);
                break;
        }

        return o;
    }

    private static JsonArray Strings(IEnumerable<string> values) => new([.. values.Select(v => (JsonNode)JsonValue.Create(v))]);
}
