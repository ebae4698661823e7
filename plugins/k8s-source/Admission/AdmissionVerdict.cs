namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>What the webhook answers: allowed or not, the refusal's message, and warnings that kubectl prints either way.</summary>
internal sealed record AdmissionVerdict(bool Allowed, string? Message, IReadOnlyList<string> Warnings)
{
    public static AdmissionVerdict Allow(IReadOnlyList<string> warnings) => new(true, null, warnings);

    public static AdmissionVerdict Refuse(string message, IReadOnlyList<string>? warnings = null) => new(false, message, warnings ?? []);
}
