namespace Contoso.Ingot.Webhook;

/// <summary>What the webhook receives: the node and the Services (with addresses) it announces.</summary>
internal sealed record WebhookMessage(string Node, List<WebhookEntry> Services);
