using System.Text.Json;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>The part of an <c>admission.k8s.io/v1</c> AdmissionReview request that a judgement reads.</summary>
/// <param name="Uid">Echoed in the response, as the API server requires.</param>
/// <param name="Kind">The object's kind, e.g. <c>IPAddressPool</c> (<c>request.kind.kind</c>).</param>
/// <param name="Version">The object's version, e.g. <c>v1beta2</c> (<c>request.kind.version</c>).</param>
/// <param name="Operation">Create, update or delete.</param>
/// <param name="Name">The object's name (<c>request.name</c>, or the object's own).</param>
/// <param name="Namespace">The object's namespace (<c>request.namespace</c>).</param>
/// <param name="Object">The object as it would be stored; absent on delete.</param>
internal sealed record AdmissionRequest(
    string Uid, string Kind, string Version, AdmissionOperation Operation, string Name, string? Namespace, JsonElement? Object);
