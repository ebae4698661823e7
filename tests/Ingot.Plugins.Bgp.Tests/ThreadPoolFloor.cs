using System.Runtime.CompilerServices;

namespace Ingot.Plugins.Bgp.Tests;

/// <summary>
/// Test classes run in parallel, and some of their helpers block a pool thread for seconds (the lab fixture waits for
/// <c>lab.sh up</c>, process kills wait for exit). On two cores the pool starts with two threads and adds about one a
/// second, so a blocked pool can stall the BFD and BGP loops under test past a 900 ms detection time and make sessions
/// flap for reasons that are the test host's. A floor of threads keeps the loops as responsive as in the daemon.
/// </summary>
internal static class ThreadPoolFloor
{
    [ModuleInitializer]
    internal static void Raise()
    {
        ThreadPool.GetMinThreads(out var workers, out var io);
        ThreadPool.SetMinThreads(Math.Max(workers, 32), Math.Max(io, 32));
    }
}
