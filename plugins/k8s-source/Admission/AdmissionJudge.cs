using System.Collections.Frozen;
using System.Text.Json;
using Ingot.Plugins.K8sSource.Mapping;
using Ingot.Plugins.K8sSource.Source;
using Ingot.Sdk.Configuration;
using Ingot.Sdk.Configuration.Resources;

namespace Ingot.Plugins.K8sSource.Admission;

/// <summary>
/// Judges one AdmissionReview request against the rest of the configuration, with the parser every other path uses, so a
/// refusal reads word for word as <c>ingot validate</c> and the running source would report it. Pure: the informers'
/// view comes in as <see cref="ConfigurationInputs"/>.
/// </summary>
/// <remarks>
/// The configuration is parsed before and after the change; what the change adds counts, and all that is said of the
/// changed object, so an object that is already wrong elsewhere does not block an unrelated edit (MetalLB's webhook gets the same effect by parsing one kind at
/// a time). On create and update an error that may resolve by itself once another object exists (a Secret, a BFD
/// profile, a Community alias: MetalLB's transient errors) is a warning, so objects can be applied in any order; on
/// delete it is a refusal, since deleting what another object uses is the mistake (MetalLB refuses deleting a BFDProfile
/// a BGPPeer uses).
/// </remarks>
internal sealed class AdmissionJudge(Func<ConfigurationResources, ConfigurationParseResult> parse)
{
    // The configuration as it stands is the same for every review until an informer changes it: parsed once per
    // inputs snapshot, not once per review.
    private volatile Tuple<ConfigurationInputs, List<ConfigurationDiagnostic>>? _before;

    /// <summary>The <c>metallb.io</c> kinds the webhook reviews, with the mapping from the object's JSON.</summary>
    public static readonly FrozenDictionary<string, Func<JsonElement, string, MappedResource?>> Kinds =
        new Dictionary<string, Func<JsonElement, string, MappedResource?>>(StringComparer.Ordinal)
        {
            ["IPAddressPool"] = MetalLbMapping.IPAddressPool,
            ["L2Advertisement"] = MetalLbMapping.L2Advertisement,
            ["BGPAdvertisement"] = MetalLbMapping.BgpAdvertisement,
            ["BGPPeer"] = MetalLbMapping.BgpPeer,
            ["Community"] = MetalLbMapping.Community,
            ["BFDProfile"] = MetalLbMapping.BfdProfile,
        }.ToFrozenDictionary(StringComparer.Ordinal);

    public AdmissionVerdict Judge(AdmissionRequest request, ConfigurationInputs inputs)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(inputs);
        if (!Kinds.TryGetValue(request.Kind, out var map))
        {
            return AdmissionVerdict.Refuse($"{request.Kind}/{request.Name}: Ingot's webhook reviews only {string.Join(", ", Kinds.Keys.Order(StringComparer.Ordinal))}");
        }

        MappedResource? changed = null;
        if (request.Operation != AdmissionOperation.Delete)
        {
            // MetalLB's wording: its controllers read these kinds from their own namespace only (updates are not checked there).
            if (request.Operation == AdmissionOperation.Create && request.Namespace != inputs.Namespace)
            {
                return AdmissionVerdict.Refuse($"{request.Kind}/{request.Name}: resource must be created in {inputs.Namespace} namespace");
            }

            if (request.Object is not { ValueKind: JsonValueKind.Object } obj || map(obj, request.Version) is not { } mapped)
            {
                return AdmissionVerdict.Refuse($"{request.Kind}/{request.Name}: request.object is missing or has no metadata.name");
            }

            if (mapped.Errors.Count > 0)
            {
                return AdmissionVerdict.Refuse(Lines(mapped.Errors));
            }

            changed = mapped;
        }

        var (after, failure) = Parse(inputs.With(request.Kind, request.Name, changed));
        if (failure is not null)
        {
            // Fail closed: a configuration the validator cannot judge is not known to be good.
            return AdmissionVerdict.Refuse(failure.ToString());
        }

        var before = Before(inputs);
        var seen = before.Select(d => d.ToString()).ToHashSet(StringComparer.Ordinal);
        // What the change adds, and everything said of the changed object itself (an update must not keep its own error).
        var added = after.Where(d => !seen.Contains(d.ToString()) || (d.Kind == request.Kind && d.Name == request.Name)).ToList();
        var warnings = added.Where(d => d.Severity == DiagnosticSeverity.Warning).ToList();
        var errors = added.Where(d => d.Severity == DiagnosticSeverity.Error).ToList();
        if (request.Operation == AdmissionOperation.Delete)
        {
            return errors.Count == 0
                ? AdmissionVerdict.Allow(Strings(warnings))
                : AdmissionVerdict.Refuse($"failed to delete {request.Kind} {request.Name}: " + Lines(errors), Strings(warnings));
        }

        var hard = errors.Where(d => !d.IsTransient).ToList();
        var soft = errors.Where(d => d.IsTransient).ToList();
        return hard.Count == 0
            ? AdmissionVerdict.Allow([.. Strings(soft), .. Strings(warnings)])
            : AdmissionVerdict.Refuse(Lines(hard), [.. Strings(soft), .. Strings(warnings)]);
    }

    private List<ConfigurationDiagnostic> Before(ConfigurationInputs inputs)
    {
        if (_before is { } cached && ReferenceEquals(cached.Item1, inputs))
        {
            return cached.Item2;
        }

        var (diagnostics, _) = Parse(inputs);
        _before = Tuple.Create(inputs, diagnostics);
        return diagnostics;
    }

    private (List<ConfigurationDiagnostic> Diagnostics, ConfigurationDiagnostic? Failure) Parse(ConfigurationInputs inputs)
    {
        var (resources, mappingErrors) = inputs.Assemble();
        try
        {
            return ([.. mappingErrors, .. parse(resources).Diagnostics], null);
        }
#pragma warning disable CA1031 // A validator bug must not take the webhook down: it is a refusal that names it.
        catch (Exception e)
#pragma warning restore CA1031
        {
            var failure = new ConfigurationDiagnostic { Kind = "Configuration", Name = inputs.Namespace, Message = "validation failed: " + e.Message };
            return ([failure], failure);
        }
    }

    private static string Lines(IEnumerable<ConfigurationDiagnostic> diagnostics) => string.Join("\n", diagnostics);

    private static List<string> Strings(IEnumerable<ConfigurationDiagnostic> diagnostics) => [.. diagnostics.Select(d => d.ToString())];
}
