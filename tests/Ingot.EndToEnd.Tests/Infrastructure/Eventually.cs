namespace Ingot.EndToEnd.Tests.Infrastructure;

/// <summary>Polls a condition until it holds; the deadline is generous and only bounds a broken run.</summary>
internal static class Eventually
{
    public static async Task<T> GetAsync<T>(Func<Task<T?>> probe, string what, TimeSpan? deadline = null)
        where T : class
    {
        var until = DateTime.UtcNow + (deadline ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            var value = await probe();
            if (value is not null)
            {
                return value;
            }

            if (DateTime.UtcNow > until)
            {
                throw new TimeoutException("gave up waiting for " + what);
            }

            await Task.Delay(200);
        }
    }
}
