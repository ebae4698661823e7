using Microsoft.Extensions.DependencyInjection;

namespace Ingot.Plugins.L2.Membership;

internal static class MembershipServiceCollectionExtensions
{
    // Until MembershipService exists every configuration gets the disabled membership, so the
    // election keeps today's behaviour; the registration point stays the same when it arrives.
    internal static IServiceCollection AddSpeakerMembership(this IServiceCollection services, MembershipOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton<IMembership, DisabledMembership>();
        return services;
    }
}
