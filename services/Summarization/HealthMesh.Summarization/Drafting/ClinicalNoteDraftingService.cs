using System.Diagnostics;
using HealthMesh.Contracts;
using HealthMesh.Summarization.Grounding;
using HealthMesh.Summarization.Notes;
using HealthMesh.Summarization.Radiology;
using HealthMesh.ServiceDefaults.Documents;
using HealthMesh.ServiceDefaults.Fhir;
using Hl7.Fhir.Model;

namespace HealthMesh.Summarization.Drafting;

/// <summary>
/// Reads the de-identified context, has the engine draft the note, drops (and flags) anything ungrounded, stamps the
/// timings and stores it as <c>draft-r{revision}</c>.
/// </summary>
public sealed class ClinicalNoteDraftingService(IClinicalDocumentStore documents, IClinicalNoteEngine engine)
{
    public async Task<ClinicalNoteDrafted> DraftAsync(DraftClinicalNote command, DateTimeOffset createdAt, CancellationToken cancellationToken)
    {
        if (command.Revision < 1)
        {
            throw new ClinicalNoteInputException("The revision of a draft starts at 1.");
        }

        var bytes = await documents.GetAsync(command.DeidentifiedContextReference, cancellationToken);
        Bundle context;
        try
        {
            context = FhirJson.Parse<Bundle>(bytes);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            throw new ClinicalNoteInputException($"The de-identified context is not a valid FHIR R4 Bundle ({e.GetType().Name}).");
        }

        var started = Stopwatch.GetTimestamp();
        var drafted = await engine.DraftAsync(new NoteDraftRequest(command.WorkflowId, command.Revision, command.NoteKind, context, createdAt), cancellationToken);
        var engineDone = Stopwatch.GetTimestamp();
        // Whatever the engine (rules or a model), nothing ungrounded reaches the reviewer unflagged.
        var grounded = NoteGrounding.Enforce(drafted);
        var note = grounded with
        {
            Timings =
            [
                .. drafted.Timings ?? [],
                new NoteTiming(KnownTimings.Engine, Stopwatch.GetElapsedTime(started, engineDone).TotalMilliseconds),
                new NoteTiming(KnownTimings.Grounding, Stopwatch.GetElapsedTime(engineDone).TotalMilliseconds),
            ],
        };
        var reference = await documents.PutJsonAsync(command.WorkflowId, KnownDocumentNames.Draft(command.Revision), note, DocumentSensitivity.Deidentified, cancellationToken);
        var priority = note.Flags.Any(f => f.StartsWith(CriticalFindingDetector.FlagPrefix, StringComparison.Ordinal)) ? ReviewPriority.Critical : ReviewPriority.Routine;
        return new ClinicalNoteDrafted(command.WorkflowId, reference, command.Revision, priority, note.Engine.Name, note.Engine.Version);
    }
}
