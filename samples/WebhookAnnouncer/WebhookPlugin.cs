using Contoso.Ingot.Webhook;
using Ingot.Sdk;
using Ingot.Sdk.Announcement;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;

[assembly: IngotPlugin(typeof(WebhookPlugin), "webhook", PluginKind.Announcer, "1.0",
    Description = "POSTs the addresses this node announces to a webhook (setting: url)")]

namespace Contoso.Ingot.Webhook;

/// <summary>Entry point: registers the webhook announcer with the URL from the plugin's settings.</summary>
public sealed class WebhookPlugin : IPlugin
{
    public void ConfigureServices(IServiceCollection services, PluginContext context)
    {
        if (!context.Settings.TryGetValue("url", out var url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            throw new InvalidOperationException("plugin webhook: setting 'url' must be an absolute URL (--set webhook.url=http://…)");
        }

        services.TryAddEnumerable(ServiceDescriptor.Singleton<IAnnouncer, WebhookAnnouncer>(_ => new WebhookAnnouncer(uri, new HttpClient())));
    }
}
