namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>The operations of an AdmissionReview that Ingot judges (<c>CONNECT</c> never reaches it).</summary>
internal enum AdmissionOperation
{
    Create,
    Update,
    Delete,
}
