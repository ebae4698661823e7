namespace Ingot.Plugins.K8sSource.Tests;

/// <summary>Waits for a condition that another thread (a real HTTP server, a watch) makes true. Polls without asserting any
/// timing; the generous limit only stops a broken test from hanging.</summary>
internal static class TestWait
{
    public static async Task UntilAsync(Func<bool> condition, string? what = null, int seconds = 60)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("condition not met: " + (what ?? "(unnamed)"));
            }

            await Task.Delay(10);
        }
    }
}
