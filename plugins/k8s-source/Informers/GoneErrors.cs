using System.Net;
using k8s.Autorest;

namespace Ingot.Plugins.K8sSource.Informers;

/// <summary>Recognises <c>410 Gone</c> in both shapes KubernetesClient reports it: a watch's <c>ERROR</c> event
/// (<see cref="k8s.KubernetesException"/>) and a failed request (<see cref="HttpOperationException"/>, e.g. an expired
/// <c>continue</c> token).</summary>
internal static class GoneErrors
{
    /// <summary>True when the resourceVersion or continue token the request named is too old (compacted away).</summary>
    public static bool IsGone(Exception e) => e switch
    {
        k8s.KubernetesException k => k.Status?.Code == 410 || k.Status?.Reason == "Expired" || k.Status?.Reason == "Gone",
        HttpOperationException h => h.Response?.StatusCode == HttpStatusCode.Gone,
        _ => false,
    };
}
