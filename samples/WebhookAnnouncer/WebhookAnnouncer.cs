using System.Net.Http.Json;
using Ingot.Sdk.Allocation;
using Ingot.Sdk.Announcement;
using Ingot.Sdk.Cluster;

namespace Contoso.Ingot.Webhook;

/// <summary>
/// Announces every assigned address from one node — the first Ready node by name — by telling a webhook about it.
/// Plan is pure; Apply POSTs only when this node's set changes.
/// </summary>
internal sealed class WebhookAnnouncer(Uri url, HttpClient http) : IAnnouncer
{
    private string? _lastSent;
    private string? _lastNode;

    public string Name => "webhook";

    public AnnouncementPlan Plan(ClusterState state, AllocationResult allocation)
    {
        var owner = state.Nodes.Where(n => n.Ready).Select(n => n.Name).Order(StringComparer.Ordinal).FirstOrDefault();
        var services = allocation.Assignments
            .Where(a => a.Addresses.Count > 0)
            .Select(a => new ServiceAnnouncements
            {
                Service = a.Service,
                Announcements = owner is null
                    ? []
                    : [new Announcement { Protocol = Name, Node = owner, Addresses = a.Addresses }],
            })
            .ToList();
        return new AnnouncementPlan { Protocol = Name, Services = services };
    }

    public async ValueTask ApplyAsync(ClusterState state, AnnouncementPlan plan, string nodeName, CancellationToken cancellationToken)
    {
        var mine = plan.ForNode(nodeName)
            .Select(x => new WebhookEntry(x.Service.Service.ToString(), x.Announcement.Addresses.Select(a => a.ToString()).ToList()))
            .ToList();
        await SendAsync(nodeName, mine, cancellationToken);
    }

    public ValueTask WithdrawAllAsync(CancellationToken cancellationToken) => SendAsync(_lastNode ?? string.Empty, [], cancellationToken);

    private async ValueTask SendAsync(string node, List<WebhookEntry> entries, CancellationToken cancellationToken)
    {
        var body = new WebhookMessage(node, entries);
        var key = System.Text.Json.JsonSerializer.Serialize(body);
        if (key == _lastSent)
        {
            return;
        }

        using var response = await http.PostAsJsonAsync(url, body, cancellationToken);
        response.EnsureSuccessStatusCode();
        _lastSent = key;
        _lastNode = node;
    }
}
