using HealthMesh.Contracts;

namespace HealthMesh.Intake.Triggers;

/// <summary>
/// One rule deciding which events start a note: a resource type, a FHIRPath criterion evaluated on the resource with
/// the Firely SDK (true starts the note), and the kind of note. Section <c>HealthMesh:Intake:Triggers:{n}</c>.
/// </summary>
public sealed class TriggerOptions
{
    /// <summary><c>Encounter</c> or <c>DiagnosticReport</c>: the resources HealthMesh can build a note's context from.</summary>
    public string ResourceType { get; set; } = string.Empty;

    /// <summary>A FHIRPath boolean expression on the resource, e.g. <c>status = 'finished'</c>. Checked at start-up.</summary>
    public string Criteria { get; set; } = string.Empty;

    /// <summary>The note a match starts: <c>EncounterSummary</c> for an Encounter, <c>RadiologyReport</c> for a DiagnosticReport.</summary>
    public NoteKind NoteKind { get; set; }

    /// <summary>What the rule stands for, quoted in the journal's reason when an event matches no rule (no PHI: write it so).</summary>
    public string Description { get; set; } = string.Empty;

    /// <summary>Today's rules, used when none are configured: finished Encounters and final radiology/imaging DiagnosticReports.</summary>
    public static IReadOnlyList<TriggerOptions> Defaults { get; } =
    [
        new()
        {
            ResourceType = KnownResourceTypes.Encounter,
            Criteria = "status = 'finished'",
            NoteKind = NoteKind.EncounterSummary,
            Description = "a finished Encounter",
        },
        new()
        {
            ResourceType = KnownResourceTypes.DiagnosticReport,
            Criteria = "status = 'final' and category.coding.where("
                       + $"(system = '{KnownCategoryCodes.DiagnosticServiceSections}' and ({string.Join(" or ", KnownCategoryCodes.ImagingServiceSections.Order(StringComparer.Ordinal).Select(c => $"code = '{c}'"))}))"
                       + $" or (system = '{KnownCategoryCodes.Loinc}' and code = '{KnownCategoryCodes.LoincRadiology}')"
                       + $" or (system = '{KnownCategoryCodes.ObservationCategory}' and code = '{KnownCategoryCodes.Imaging}')).exists()",
            NoteKind = NoteKind.RadiologyReport,
            Description = "a final radiology/imaging DiagnosticReport",
        },
    ];
}
