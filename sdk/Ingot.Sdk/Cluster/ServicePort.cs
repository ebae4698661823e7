namespace Ingot.Sdk.Cluster;

/// <summary>One entry of a Service's <c>spec.ports</c>, as far as address sharing cares.</summary>
/// <param name="Protocol">TCP, UDP or SCTP, upper case.</param>
/// <param name="Port">The Service port.</param>
/// <param name="Name">The port's name, if any.</param>
public sealed record ServicePort(string Protocol, int Port, string? Name = null);
