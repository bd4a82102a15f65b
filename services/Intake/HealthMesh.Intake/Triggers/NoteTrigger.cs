using HealthMesh.Contracts;
using Hl7.Fhir.Model;

namespace HealthMesh.Intake.Triggers;

/// <summary>Decides whether a resource starts a note: a finished Encounter, or a final radiology/imaging DiagnosticReport.</summary>
public static class NoteTrigger
{
    public static TriggerDecision Classify(Resource focus) => focus switch
    {
        Encounter encounter => ClassifyEncounter(encounter),
        DiagnosticReport report => ClassifyReport(report),
        _ => TriggerDecision.Ignore($"{focus.TypeName} does not trigger a note"),
    };

    private static TriggerDecision ClassifyEncounter(Encounter encounter) =>
        encounter.Status == Encounter.EncounterStatus.Finished
            ? TriggerDecision.Trigger(NoteKind.EncounterSummary)
            : TriggerDecision.Ignore($"Encounter status is '{encounter.Status?.ToString() ?? "missing"}', not 'finished'");

    private static TriggerDecision ClassifyReport(DiagnosticReport report)
    {
        if (report.Status != DiagnosticReport.DiagnosticReportStatus.Final)
        {
            return TriggerDecision.Ignore($"DiagnosticReport status is '{report.Status?.ToString() ?? "missing"}', not 'final'");
        }

        return report.Category.SelectMany(c => c.Coding).Any(IsImaging)
            ? TriggerDecision.Trigger(NoteKind.RadiologyReport)
            : TriggerDecision.Ignore("DiagnosticReport category is not radiology/imaging");
    }

    private static bool IsImaging(Coding coding) => coding.System switch
    {
        KnownCategoryCodes.DiagnosticServiceSections => coding.Code is not null && KnownCategoryCodes.ImagingServiceSections.Contains(coding.Code),
        KnownCategoryCodes.Loinc => coding.Code == KnownCategoryCodes.LoincRadiology,
        KnownCategoryCodes.ObservationCategory => coding.Code == KnownCategoryCodes.Imaging,
        _ => false,
    };
}
