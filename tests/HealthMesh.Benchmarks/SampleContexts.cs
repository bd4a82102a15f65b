using HealthMesh.Contracts;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Benchmarks;

/// <summary>
/// The shipped synthetic sample cases as Intake would hand them over: a collection Bundle with the focus
/// (finished Encounter or final radiology DiagnosticReport) first, then the rest of its context.
/// </summary>
public static class SampleContexts
{
    public sealed record Context(string ResourceType, string ResourceId, NoteKind Kind, byte[] BundleJson);

    public static IReadOnlyList<Context> Load()
    {
        var folder = Path.Combine(AppContext.BaseDirectory, "samples");
        var contexts = new List<Context>();
        foreach (var path in Directory.EnumerateFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var bundle = FhirJson.Parse<Bundle>(File.ReadAllText(path));
            var resources = bundle.Entry.Select(e => e.Resource).OfType<Resource>().ToList();
            var focus = resources.FirstOrDefault(r => r is Encounter or DiagnosticReport);
            if (focus is null)
            {
                continue;
            }

            var context = new Bundle { Type = Bundle.BundleType.Collection };
            foreach (var resource in resources.OrderBy(r => ReferenceEquals(r, focus) ? 0 : 1))
            {
                context.Entry.Add(new Bundle.EntryComponent { FullUrl = $"urn:healthmesh:{resource.TypeName}/{resource.Id}", Resource = resource });
            }

            var kind = focus is Encounter ? NoteKind.EncounterSummary : NoteKind.RadiologyReport;
            contexts.Add(new Context(focus.TypeName, focus.Id ?? throw new InvalidDataException($"{path}: the {focus.TypeName} has no id."), kind, FhirJson.SerializeToUtf8Bytes(context)));
        }

        return contexts.Count > 0 ? contexts : throw new InvalidOperationException($"No sample cases found in {folder}.");
    }
}
