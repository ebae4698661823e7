using System.Runtime.InteropServices;

namespace Ingot.Plugins.L2.Responding;

/// <summary>
/// Puts the calling thread in Linux's SCHED_FIFO class at a low priority, so a responder is not queued behind ordinary
/// threads on a busy node (the kernel answers ARP in softirq context and never waits for a CPU). Needs CAP_SYS_NICE;
/// without it the thread stays as it is. The kernel's RT throttling (sched_rt_runtime_us) still bounds an ARP flood.
/// </summary>
internal static partial class RealtimeScheduling
{
    private const int SchedFifo = 1;

    public static bool TryEnterForCurrentThread(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return false;
        }

        var param = new SchedParam { Priority = priority };
        return SchedSetScheduler(0, SchedFifo, ref param) == 0;
    }

    [LibraryImport("libc", EntryPoint = "sched_setscheduler", SetLastError = true)]
    private static partial int SchedSetScheduler(int pid, int policy, ref SchedParam param);

    [StructLayout(LayoutKind.Sequential)]
    private struct SchedParam
    {
        public int Priority;
    }
}
