namespace Ingot.Sdk.Configuration.Parsing;

/// <summary>Community aliases (MetalLB <c>communitiesFromCrs</c>); alias names are unique across all Community objects.</summary>
internal static class CommunityParser
{
    public static Dictionary<string, BgpCommunity> Parse(ParseContext context)
    {
        var resources = context.FirstOfEachName(
            context.InScope(context.Resources.Communities), r => $"duplicate definition of Community \"{r.Name}\"");
        var result = new Dictionary<string, BgpCommunity>(StringComparer.Ordinal);
        foreach (var resource in resources)
        {
            foreach (var alias in resource.Communities)
            {
                if (CommunityText.TryParse(alias.Value, out var value, out var message) != CommunityTextError.None)
                {
                    context.Diagnostics.Error(resource, $"parsing community \"{alias.Name}\": {message}");
                    continue;
                }

                if (!result.TryAdd(alias.Name, value))
                {
                    context.Diagnostics.Error(resource, $"duplicate definition of community \"{alias.Name}\"");
                }
            }
        }

        return result;
    }
}
