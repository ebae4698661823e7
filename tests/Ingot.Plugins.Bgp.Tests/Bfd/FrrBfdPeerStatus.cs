namespace Ingot.Plugins.Bgp.Bfd.Tests;

/// <summary>What <c>show bfd peers json</c> says about one session (intervals in ms).</summary>
internal sealed record FrrBfdPeerStatus(string Status, string RemoteDiagnostic, int RemoteTransmitInterval, int RemoteReceiveInterval);
