using Ingot.Plugins.Ipam.Addressing;

namespace Ingot.Plugins.Ipam.Planning;

/// <summary>The run's working answer for one Service.</summary>
internal sealed class ServiceOutcome
{
    public ServiceOutcome(ServiceRequest request)
    {
        Request = request;
    }

    public ServiceRequest Request { get; }

    public List<Address128> Addresses { get; } = [];

    public PoolState? Pool { get; set; }

    public string? Error { get; set; }

    /// <summary>Nothing more to do for this Service in this run.</summary>
    public bool Settled { get; set; }

    /// <summary>Why the current addresses were let go, kept to explain a later failure.</summary>
    public string? ReleaseReason { get; set; }

    public void Fail(string error)
    {
        Addresses.Clear();
        Pool = null;
        Error = error;
        Settled = true;
    }
}
