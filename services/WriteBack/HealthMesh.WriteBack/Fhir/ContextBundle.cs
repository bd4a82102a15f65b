using Hl7.Fhir.Model;

namespace HealthMesh.WriteBack.Fhir;

/// <summary>Reads the context Bundle Intake stored (entry[0] the focus Encounter or DiagnosticReport) for where the note belongs.</summary>
public static class ContextBundle
{
    /// <summary>Name of the PHI document Intake stores the context Bundle under.</summary>
    public const string DocumentName = "context";

    public static ClinicalNoteSubject ReadSubject(Bundle context)
    {
        var (focus, patient, encounter) = context.Entry.FirstOrDefault()?.Resource switch
        {
            Encounter e => ((Resource)e, e.Subject?.Reference, $"Encounter/{e.Id}"),
            DiagnosticReport r => (r, r.Subject?.Reference, r.Encounter?.Reference),
            var other => throw new InvalidDataException(
                $"The context Bundle's first entry is {other?.TypeName ?? "missing"}; expected the focus Encounter or DiagnosticReport."),
        };

        if (string.IsNullOrEmpty(focus.Id) || string.IsNullOrEmpty(patient))
        {
            throw new InvalidDataException($"The context's {focus.TypeName} has no id or no subject; the note cannot be placed.");
        }

        return new ClinicalNoteSubject(patient, encounter, $"{focus.TypeName}/{focus.Id}");
    }
}
