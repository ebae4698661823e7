namespace Ingot.Sdk.Testing;

/// <summary>Placeholder; the in-memory fakes land with the host work.</summary>
public static class Placeholder
{
}
