using Ingot.Plugins.L2.Announcing;
using Ingot.Plugins.L2.Interfaces;
using Ingot.Plugins.L2.Membership;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2.Responding;

/// <summary>Opens libpcap responders.</summary>
internal sealed class PcapResponderFactory(L2Options options, L2Metrics metrics, IMembership membership, ConflictWatcher conflicts, ILogger<PcapResponderFactory> logger) : IResponderFactory
{
    public IInterfaceResponder Open(LinkInfo link) => PcapInterfaceResponder.Open(link, options.RealtimePriority, metrics, membership.MayAnswer, logger, conflicts);
}
