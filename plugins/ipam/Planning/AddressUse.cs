using Ingot.Sdk.Cluster;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>Who uses one address in this run: the sharing and backend keys it is held under and which Service holds each port.</summary>
internal sealed class AddressUse
{
    private readonly List<ServiceKey> _services = new(1);
    private readonly List<(PortKey Port, ServiceKey Owner)> _ports = new(2);

    public AddressUse(CidrBlock block)
    {
        Block = block;
    }

    public CidrBlock Block { get; }

    public string SharingKey { get; private set; } = "";

    public string BackendKey { get; private set; } = "";

    public IReadOnlyList<ServiceKey> Services => _services;

    public bool IsUsedBy(ServiceKey service) => _services.Contains(service);

    public ServiceKey? OwnerOf(PortKey port)
    {
        foreach (var (p, owner) in _ports)
        {
            if (p == port)
            {
                return owner;
            }
        }

        return null;
    }

    public void Add(ServiceKey service, string sharingKey, string backendKey, IReadOnlyList<PortKey> ports)
    {
        // MetalLB records the key of the latest assignment; all users share it except a sole user re-keying in place.
        SharingKey = sharingKey;
        BackendKey = backendKey;
        if (_services.Contains(service))
        {
            return;
        }

        _services.Add(service);
        foreach (var port in ports)
        {
            _ports.Add((port, service));
        }
    }
}
