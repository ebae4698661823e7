namespace Contoso.Ingot.Webhook;

/// <summary>One Service in a <see cref="WebhookMessage"/>.</summary>
internal sealed record WebhookEntry(string Service, List<string> Addresses);
