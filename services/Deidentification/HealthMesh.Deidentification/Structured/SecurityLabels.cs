using HealthMesh.Deidentification.Engine;
using Hl7.Fhir.Model;

namespace HealthMesh.Deidentification.Structured;

/// <summary>Stamps <c>meta.security</c> with what was done to a resource (v3 ObservationValue codes).</summary>
public static class SecurityLabels
{
    public const string System = "http://terminology.hl7.org/CodeSystem/v3-ObservationValue";

    private static readonly (ResourceChanges Change, string Code, string Display)[] Labels =
    [
        (ResourceChanges.Pseudonymized, "PSEUDED", "pseudonymized"),
        (ResourceChanges.Redacted, "REDACTED", "redacted"),
        (ResourceChanges.Perturbed, "PERTURBED", "perturbed"),
        (ResourceChanges.Abstracted, "ABSTRED", "abstracted"),
    ];

    public static void Stamp(Resource resource, ResourceChanges changes)
    {
        if (changes == ResourceChanges.None)
        {
            return;
        }

        resource.Meta ??= new Meta();
        foreach (var (change, code, display) in Labels)
        {
            if (changes.HasFlag(change) && !resource.Meta.Security.Any(c => c.System == System && c.Code == code))
            {
                resource.Meta.Security.Add(new Coding(System, code, display));
            }
        }
    }
}
