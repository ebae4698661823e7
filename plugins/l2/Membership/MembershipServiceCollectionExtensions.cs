using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Ingot.Plugins.L2.Membership;

internal static class MembershipServiceCollectionExtensions
{
    // With a key file the UDP membership runs; without one every node counts as alive (the Node-readiness election).
    // The key is read when the service is first resolved, at plugin start, so a missing or short key file fails the
    // start with a message naming membership.keyFile and the path.
    internal static IServiceCollection AddSpeakerMembership(this IServiceCollection services, MembershipOptions options, int realtimePriority = 0)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Enabled)
        {
            services.AddSingleton<IMembership, DisabledMembership>();
            return services;
        }

        services.AddSingleton<MembershipMetrics>();
        services.AddSingleton<IMembership>(sp => new MembershipService(
            options,
            MembershipKeyFile.Load(options.KeyFile!),
            sp.GetRequiredService<MembershipMetrics>(),
            sp.GetService<TimeProvider>(),
            sp.GetService<ILoggerFactory>()?.CreateLogger<MembershipService>(),
            realtimePriority));
        return services;
    }
}
