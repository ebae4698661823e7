namespace Ingot.Plugins.L2.Lab.Tests;

/// <summary>
/// The failover tests run alone, after the parallel ones: their speakers detect a silent peer in 300 ms, and a second lab
/// or the namespace tests competing for this machine's cores would stretch heartbeats into false deaths.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class FailoverCollection
{
    public const string Name = "failover lab";
}
